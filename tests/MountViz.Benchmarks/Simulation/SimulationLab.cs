using System.Globalization;
using System.Text;
using MountViz.Core.Model;

namespace MountViz.Benchmarks.Simulation;

/// <summary>
/// A lab of 4 namespaces × 500 mounts as workspace tables (lab paths), the size issue 6 sets for
/// the simulator: <c>base</c>, <c>peer</c> (a clone with propagation unchanged: its shared mounts are
/// peers of base's, across namespaces), <c>slave</c> (a clone made rslave: slaves of base's groups)
/// and <c>mixed</c> (shared and a slave at once: each mount in its own group, downstream of base's).
/// In each: a tmpfs at <c>/</c>, 50 directories <c>/tK</c> with 9 mounts each below
/// (<c>/tK/cJ</c>). In base, every fourth mount is private, one in four a slave of its shared
/// neighbour, the rest shared.
/// </summary>
public static class SimulationLab
{
    /// <summary>Mounts per namespace, the root included.</summary>
    public const int MountsPerNamespace = 500;

    /// <summary>The namespaces, in name order.</summary>
    public static readonly string[] Namespaces = ["base", "mixed", "peer", "slave"];

    /// <summary>A mount under a shared mount with receivers in all 4 namespaces: /t0/c3, shared in base.</summary>
    public const string SharedMount = "/t0/c3";

    /// <summary>The tables, by namespace.</summary>
    public static Dictionary<string, MountTable> Build()
    {
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        for (int n = 0; n < Namespaces.Length; n++)
        {
            tables[Namespaces[n]] = MountTable.Parse(Encoding.UTF8.GetBytes(Table(Namespaces[n], (n + 1) * 10_000)));
        }

        return tables;
    }

    /// <summary>The lab path of mount <paramref name="k"/> (0 is the root).</summary>
    public static string PathOf(int k) => k == 0
        ? "/"
        : (k - 1) % 10 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"/t{(k - 1) / 10}")
            : string.Create(CultureInfo.InvariantCulture, $"/t{(k - 1) / 10}/c{(k - 1) % 10}");

    private static int ParentOf(int k) => k == 0 ? -1 : (k - 1) % 10 == 0 ? 0 : k - (k - 1) % 10;

    // Base's type of mount k: its group (1000 + k) when shared; the neighbour's group when a slave.
    private static string BaseTags(int k) => k == 0 ? "shared:1" : (k % 4) switch
    {
        1 => "",
        3 => $"master:{1000 + k - 1}",
        _ => $"shared:{1000 + k}",
    };

    private static string Tags(string ns, int k)
    {
        string tags = BaseTags(k);
        int own = 5000 + k;
        return ns switch
        {
            "base" or "peer" => tags,
            "slave" => tags.StartsWith("shared:", StringComparison.Ordinal) ? "master:" + tags["shared:".Length..] : tags,
            _ => tags.Length == 0
                ? $"shared:{own}"
                : tags.StartsWith("shared:", StringComparison.Ordinal) ? $"shared:{own} master:{tags["shared:".Length..]}" : $"shared:{own} {tags}",
        };
    }

    private static string Table(string ns, int idBase)
    {
        var text = new StringBuilder();
        for (int k = 0; k < MountsPerNamespace; k++)
        {
            int parent = ParentOf(k);
            string tags = Tags(ns, k);
            text.Append(CultureInfo.InvariantCulture, $"{idBase + k} {(parent < 0 ? 1 : idBase + parent)} 0:{1000 + k} / {PathOf(k)} rw,relatime {(tags.Length == 0 ? "" : tags + " ")}- tmpfs m{k} rw\n");
        }

        return text.ToString();
    }
}
