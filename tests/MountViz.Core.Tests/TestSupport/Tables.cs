using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Tests.TestSupport;

/// <summary>Mount tables written as mountinfo text in tests.</summary>
internal static class Tables
{
    /// <summary>Parses the lines (which must all be good) into a table.</summary>
    public static MountTable Of(params string[] lines)
    {
        MountTable table = MountTable.Parse(Bytes.Lines(lines));
        Assert.Empty(table.Diagnostics);
        Assert.Equal(lines.Length, table.Mounts.Length);
        return table;
    }

    /// <summary>Parses one good line.</summary>
    public static MountInfo Line(string line)
    {
        MountInfoParseResult result = MountInfoParser.Parse(Bytes.Utf8(line));
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.Mounts);
    }

    /// <summary>The mount with this ID (the first, if the ID is duplicated).</summary>
    public static MountInfo Get(this MountTable table, int id) =>
        table.Find(id) ?? throw new InvalidOperationException($"mount {id} is not in the table");

    /// <summary>IDs, for readable assertions.</summary>
    public static int[] Ids(this IEnumerable<MountInfo> mounts) => [.. mounts.Select(m => m.Id)];
}
