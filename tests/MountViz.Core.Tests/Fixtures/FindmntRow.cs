namespace MountViz.Core.Tests.Fixtures;

/// <summary>One row of <c>findmnt --tab-file F</c> tree output: depth from the tree art, then the columns.</summary>
internal sealed record FindmntRow(int Depth, string Target, string Source, string FsType, string Options)
{
    /// <summary>
    /// Parses findmnt's default tree output (TARGET SOURCE FSTYPE OPTIONS). Columns start where
    /// their header starts; each tree level is two characters of art (<c>|-</c>, <c>`-</c>, <c>| </c>, <c>  </c>).
    /// Lines after the table that are not rows (the test's <c>rc=0</c>) end it.
    /// </summary>
    public static IReadOnlyList<FindmntRow> ParseTree(string text)
    {
        string[] lines = text.Split('\n');
        string header = lines[0];
        int source = Column(header, "SOURCE");
        int fsType = Column(header, "FSTYPE");
        int options = Column(header, "OPTIONS");
        if (!header.StartsWith("TARGET", StringComparison.Ordinal))
        {
            throw new FormatException($"findmnt tree: expected the TARGET column first, found '{header}'");
        }

        var rows = new List<FindmntRow>();
        foreach (string line in lines.Skip(1))
        {
            if (line.Length <= options || line.StartsWith("rc=", StringComparison.Ordinal))
            {
                if (line.Length == 0 || line.StartsWith("rc=", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new FormatException($"findmnt tree: short row '{line}'");
            }

            string targetCell = line[..source].TrimEnd();
            int slash = targetCell.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || slash % 2 != 0 || targetCell[..slash].Any(c => c is not ('|' or '`' or '-' or ' ')))
            {
                throw new FormatException($"findmnt tree: cannot read the tree art of '{line}'");
            }

            rows.Add(new FindmntRow(
                slash / 2,
                targetCell[slash..],
                line[source..fsType].TrimEnd(),
                line[fsType..options].TrimEnd(),
                line[options..].TrimEnd()));
        }

        return rows;
    }

    private static int Column(string header, string name)
    {
        int index = header.IndexOf(name, StringComparison.Ordinal);
        return index > 0 ? index : throw new FormatException($"findmnt tree: no {name} column in '{header}'");
    }
}
