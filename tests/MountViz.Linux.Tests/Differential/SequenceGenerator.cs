using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Model;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// Picks the next random operation from the lab's current tables, so most operations hit
/// existing mount points, their children or their peers: tmpfs mounts, bind, rbind, move, umount
/// (plain, <c>-l</c>, <c>-R</c>), make-[r]shared/private/slave/unbindable, pivot_root (rarely:
/// the lab's pivot changes the namespace's view for good), and clones with each propagation
/// option. Paths reuse three names (<c>a</c>, <c>b</c>, <c>c</c>) at most four
/// levels deep so over-mounts, tuck-unders and moves into a subtree happen often; a namespace
/// with many mounts gets mostly unmounts, which keeps the trees bounded.
/// </summary>
internal sealed class SequenceGenerator(Random random, int maxNamespaces)
{
    /// <summary>Mounts per namespace above which rbind and clones stop and unmounts dominate.</summary>
    public const int CrowdedMounts = 24;

    private static readonly string[] Names = ["a", "b", "c"];
    private static readonly string[] Types = ["shared", "private", "slave", "unbindable"];
    private static readonly string[] CloneOptions = ["unchanged", "private", "slave", "shared"];

    private readonly HashSet<string> _pivoted = new(StringComparer.Ordinal);
    private int _sources;

    /// <summary>The next step, for the lab whose workspace tables (by namespace) are <paramref name="tables"/>.</summary>
    public DiffStep Next(IReadOnlyDictionary<string, MountTable> tables)
    {
        List<string> namespaces = [.. tables.Keys.Order(StringComparer.Ordinal)];
        if (namespaces.Count == 1 && !_pivoted.Contains(LabInfo.BaseNamespace))
        {
            // Every sequence is about propagation between namespaces: clone first.
            return Clone(LabInfo.BaseNamespace, namespaces.Count);
        }

        string ns = namespaces[random.Next(namespaces.Count)];
        MountTable table = tables[ns];
        List<string> mountPoints = [.. table.Mounts.Select(m => m.MountPoint).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        bool crowded = table.Mounts.Length > CrowdedMounts;
        int roll = random.Next(100);
        if (crowded && roll < 60 && mountPoints.Count > 1)
        {
            string crowdedTarget = PickMount(mountPoints, allowRoot: false);
            return new DiffStep(ns, $"umount {(random.Next(2) == 0 ? "-R" : "-l")} {crowdedTarget}", [crowdedTarget]);
        }

        switch (roll)
        {
            case < 16:
            {
                string target = PickDirectory(mountPoints);
                return new DiffStep(ns, $"mount -t tmpfs t{++_sources} {target}", [target]);
            }

            case < 32:
            {
                string source = PickDirectory(mountPoints);
                string target = PickDirectory(mountPoints);
                return new DiffStep(ns, $"mount --bind {source} {target}", [.. new[] { source, target }.Distinct(StringComparer.Ordinal)]);
            }

            case < 40 when !crowded:
            {
                string source = PickDirectory(mountPoints);
                string target = PickDirectory(mountPoints);
                return new DiffStep(ns, $"mount --rbind {source} {target}", [.. new[] { source, target }.Distinct(StringComparer.Ordinal)]);
            }

            case < 50 when mountPoints.Count > 1:
            {
                string source = PickMount(mountPoints, allowRoot: false);
                string target = PickDirectory(mountPoints);
                return new DiffStep(ns, $"mount --move {source} {target}", [.. new[] { source, target }.Distinct(StringComparer.Ordinal)]);
            }

            case < 66 when mountPoints.Count > 1:
            {
                string flags = random.Next(4) switch { 0 => "-l ", 1 => "-R ", 2 => "-R -l ", _ => "" };
                string target = PickMount(mountPoints, allowRoot: false);
                return new DiffStep(ns, $"umount {flags}{target}", [target]);
            }

            case < 89:
            {
                // Now and then a directory that is no mount point, for the EINVAL.
                string target = random.Next(8) == 0 ? PickDirectory(mountPoints) : PickMount(mountPoints, allowRoot: true);
                string type = Types[random.Next(Types.Length)];
                return new DiffStep(ns, $"mount --make-{(random.Next(3) == 0 ? "r" : "")}{type} {target}", [target]);
            }

            case < 92:
            {
                // Mostly refused (a shared workspace root is new_root's parent); it succeeds after
                // make-private steps. A namespace that pivoted has no holder programs under its
                // root, so it is never cloned from again, whether this one succeeds or not.
                string newRoot = PickMount(mountPoints, allowRoot: true);
                string putOld = (newRoot == "/" ? "" : newRoot) + "/" + Names[random.Next(Names.Length)];
                _pivoted.Add(ns);
                return new DiffStep(ns, $"pivot_root {newRoot} {putOld}", [putOld]);
            }

            default:
                return namespaces.Count < maxNamespaces && !crowded && !_pivoted.Contains(ns)
                    ? Clone(ns, namespaces.Count)
                    : MakeMount(ns, PickMount(mountPoints, allowRoot: true));
        }
    }

    private DiffStep MakeMount(string ns, string target) =>
        new(ns, $"mount --make-{Types[random.Next(Types.Length)]} {target}", [target]);

    private DiffStep Clone(string from, int existing) =>
        new(from, $"unshare -m --propagation {CloneOptions[random.Next(CloneOptions.Length)]} c{existing}", []);

    private string PickMount(List<string> mountPoints, bool allowRoot)
    {
        List<string> candidates = allowRoot ? mountPoints : [.. mountPoints.Where(p => p != "/")];
        return candidates.Count == 0 ? "/" : candidates[random.Next(candidates.Count)];
    }

    /// <summary>A mount point, or a directory one or two levels below one (at most four levels deep from the workspace root).</summary>
    private string PickDirectory(List<string> mountPoints)
    {
        string path = mountPoints[random.Next(mountPoints.Count)];
        for (int below = 0; below < 2 && Depth(path) < 4 && random.Next(10) >= (below == 0 ? 3 : 6); below++)
        {
            path = (path == "/" ? "" : path) + "/" + Names[random.Next(Names.Length)];
        }

        return path;
    }

    private static int Depth(string path) => path == "/" ? 0 : path.Count(c => c == '/');
}
