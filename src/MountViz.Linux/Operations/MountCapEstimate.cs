using System.Globalization;
using System.Text;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Operations;

/// <summary>
/// How many mounts an operation would add to each namespace of a lab, estimated from the mount
/// tables before it runs: <see cref="TreeSize"/> new mounts where it runs (none for a move) and
/// a copy of that tree on every receiver of the destination (<see cref="PropagationReceivers"/>).
/// An upper bound, so an operation under the cap by this estimate stays under it.
/// </summary>
/// <param name="TreeSize">Mounts in the attached tree (1 for a mount or bind, the source subtree for rbind or move).</param>
/// <param name="Receivers">How many mounts would receive a copy of the tree.</param>
/// <param name="Added">The estimated new mounts per namespace (only namespaces that get any).</param>
internal sealed record MountCapEstimate(int TreeSize, int Receivers, IReadOnlyDictionary<string, int> Added)
{
    /// <summary>The estimate for attaching a tree of <paramref name="treeSize"/> mounts under <paramref name="destination"/> in <paramref name="ns"/>.</summary>
    public static MountCapEstimate For(string ns, int treeSize, bool addsInPlace, MountInfo? destination, IReadOnlyList<(string Namespace, MountTable Table)> tables)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (addsInPlace && treeSize > 0)
        {
            added[ns] = treeSize;
        }

        int receivers = 0;
        if (destination is not null && treeSize > 0)
        {
            foreach ((string name, _) in PropagationReceivers.Of(ns, destination, tables))
            {
                receivers++;
                added[name] = added.GetValueOrDefault(name) + treeSize;
            }
        }

        return new MountCapEstimate(treeSize, receivers, added);
    }

    /// <summary>
    /// Null when every namespace stays within <paramref name="cap"/>; otherwise why the operation
    /// is refused, naming the cap, the estimate and how it was reached.
    /// </summary>
    public string? Refusal(string command, IReadOnlyDictionary<string, int> counts, int cap)
    {
        var over = Added
            .Where(a => counts.GetValueOrDefault(a.Key) + a.Value > cap)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
        if (over.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder($"Refused before running `{command}`: it would add about ");
        text.AppendJoin(", ", over.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Value} mounts to namespace {a.Key} (which has {counts.GetValueOrDefault(a.Key)}, so {counts.GetValueOrDefault(a.Key) + a.Value})")));
        text.Append(CultureInfo.InvariantCulture, $", over the cap of {cap} mounts per lab namespace (MaxMountsPerNamespace). ");
        text.Append(CultureInfo.InvariantCulture, $"Estimate: {TreeSize} mount(s) in the attached tree");
        if (Receivers > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", copied to each of {Receivers} receiving mount(s) (the destination's peers and their slaves, in every namespace of the lab)");
        }

        text.Append(". A recursive bind of a shared tree into itself multiplies its mounts each time: make the destination private (`mount --make-private DIR`) or the source's subdirectories unbindable first, bind without recursion, or unmount mounts that are no longer needed.");
        return text.ToString();
    }
}
