using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Makes the mount tables of two runs of the same operations comparable: the kernel gives each
/// run new mount IDs, peer group numbers and anonymous device numbers, and each lab's workspace
/// tmpfs a source that names the lab. Here IDs are numbered per namespace in mount order,
/// group numbers (<c>shared:</c>, <c>master:</c>, <c>propagate_from:</c>) and devices across all
/// namespaces in order of first appearance, and the lab ID is replaced by <c>LAB</c>; every
/// other field is kept as the kernel wrote it.
/// </summary>
public static class MountTableNormalizer
{
    /// <summary>
    /// One line per mount, <c>NAMESPACE ID PARENT DEVICE ROOT MOUNTPOINT OPTIONS [TAGS] - FSTYPE SOURCE SUPEROPTIONS</c>,
    /// namespaces in the order given (sort them first if the two runs may list them differently).
    /// </summary>
    /// <param name="tables">Each namespace's workspace table.</param>
    /// <param name="labId">The lab whose ID appears in sources (<c>mountviz-lab-ID</c>), or null.</param>
    public static ImmutableArray<string> Normalize(IEnumerable<NamespaceTable> tables, string? labId)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var groups = new Dictionary<int, int>();
        var devices = new Dictionary<(uint, uint), int>();
        var lines = ImmutableArray.CreateBuilder<string>();
        foreach (NamespaceTable table in tables)
        {
            var ids = new Dictionary<int, int>();
            foreach (MountInfo mount in table.Table.Mounts)
            {
                ids[mount.Id] = ids.Count + 1;
            }

            foreach (MountInfo mount in table.Table.Mounts)
            {
                var line = new StringBuilder();
                line.Append(table.Namespace).Append(' ')
                    .Append(ids[mount.Id].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(ids.TryGetValue(mount.ParentId, out int parent) ? parent.ToString(CultureInfo.InvariantCulture) : "-").Append(' ')
                    .Append('d').Append(Number(devices, (mount.Major, mount.Minor)).ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(MountText.ToDisplay(mount.Root)).Append(' ')
                    .Append(MountText.ToDisplay(mount.MountPoint)).Append(' ')
                    .Append(mount.MountOptions);
                foreach (string field in mount.OptionalFields)
                {
                    line.Append(' ').Append(Tag(field, groups));
                }

                line.Append(" - ").Append(mount.FsType).Append(' ')
                    .Append(Unlabel(MountText.ToDisplay(mount.Source), labId)).Append(' ')
                    .Append(Unlabel(mount.SuperOptions, labId));
                lines.Add(line.ToString());
            }
        }

        return lines.ToImmutable();
    }

    private static int Number<TKey>(Dictionary<TKey, int> numbers, TKey key)
        where TKey : notnull
    {
        if (!numbers.TryGetValue(key, out int number))
        {
            number = numbers.Count + 1;
            numbers[key] = number;
        }

        return number;
    }

    private static string Tag(string field, Dictionary<int, int> groups)
    {
        int colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && int.TryParse(field.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int group))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field[..colon]}:{Number(groups, group)}");
        }

        return field;
    }

    private static string Unlabel(string text, string? labId) =>
        string.IsNullOrEmpty(labId) ? text : text.Replace(labId, "LAB", StringComparison.Ordinal);
}
