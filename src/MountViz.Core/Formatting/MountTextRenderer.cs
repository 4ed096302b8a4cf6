using System.Collections.Immutable;
using System.Globalization;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Formatting;

/// <summary>
/// Writes a mount table as aligned text columns: a tree like <c>findmnt --tree</c>, or a flat
/// list. Pure: the caller chooses the writer; diagnostics are not written (they go to stderr).
/// </summary>
public static class MountTextRenderer
{
    private const string HiddenMark = " (hidden)";

    /// <summary>The tree: targets indented with <c>|-</c> and <c>`-</c> connectors.</summary>
    public static void RenderTree(MountTable table, TextWriter output, MountTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        options ??= MountTextOptions.Tree;
        ImmutableArray<MountTreeRow> rows = MountTreeRows.Build(table, options.SiblingOrder);
        Write(rows, output, options, tree: true);
    }

    /// <summary>The flat list in file order.</summary>
    public static void RenderTable(MountTable table, TextWriter output, MountTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        options ??= MountTextOptions.Table;

        // Same row contents as the tree, but in file order: the kernel's mount order.
        var byMount = new Dictionary<MountInfo, MountTreeRow>(table.Mounts.Length, ReferenceEqualityComparer.Instance);
        foreach (MountTreeRow row in MountTreeRows.Build(table))
        {
            byMount[row.Mount] = row;
        }

        ImmutableArray<MountTreeRow> rows = [.. table.Mounts.Select(m => byMount[m])];
        Write(rows, output, options, tree: false);
    }

    /// <summary>The tree as a string (for tests and small tables).</summary>
    public static string TreeToString(MountTable table, MountTextOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        RenderTree(table, writer, options);
        return writer.ToString();
    }

    /// <summary>The flat list as a string (for tests and small tables).</summary>
    public static string TableToString(MountTable table, MountTextOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        RenderTable(table, writer, options);
        return writer.ToString();
    }

    private static void Write(ImmutableArray<MountTreeRow> rows, TextWriter output, MountTextOptions options, bool tree)
    {
        IReadOnlyList<MountColumn> columns = options.Columns;
        var cells = new string[rows.Length + 1][];
        cells[0] = [.. columns.Select(c => c.Header())];
        for (int r = 0; r < rows.Length; r++)
        {
            cells[r + 1] = [.. columns.Select(c => Cell(rows[r], c, options, tree))];
        }

        int[] widths = new int[columns.Count];
        foreach (string[] line in cells)
        {
            for (int c = 0; c < line.Length; c++)
            {
                widths[c] = Math.Max(widths[c], DisplayText.Width(line[c]));
            }
        }

        foreach (string[] line in cells)
        {
            for (int c = 0; c < line.Length; c++)
            {
                output.Write(line[c]);
                if (c < line.Length - 1)
                {
                    // findmnt pads every column but the last, and separates columns by one space.
                    output.Write(new string(' ', widths[c] - DisplayText.Width(line[c]) + 1));
                }
            }

            output.WriteLine();
        }
    }

    private static string Cell(MountTreeRow row, MountColumn column, MountTextOptions options, bool tree) => column switch
    {
        MountColumn.Id => row.Mount.Id.ToString(CultureInfo.InvariantCulture),
        MountColumn.Parent => row.Mount.ParentId.ToString(CultureInfo.InvariantCulture),
        MountColumn.Target => Target(row, options, tree),
        MountColumn.Source => row.Source,
        MountColumn.FsType => row.FsType,
        MountColumn.Propagation => row.PropagationTags,
        MountColumn.Options => row.Options,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column."),
    };

    private static string Target(MountTreeRow row, MountTextOptions options, bool tree)
    {
        string target = tree ? row.Connector + row.Target : row.Target;
        if (options.MarkOrphans && row.Orphan)
        {
            target += string.Create(CultureInfo.InvariantCulture, $" (orphan: parent {row.Mount.ParentId} absent)");
        }

        if (options.MarkHidden && row.Hidden)
        {
            target += HiddenMark;
        }

        return target;
    }
}
