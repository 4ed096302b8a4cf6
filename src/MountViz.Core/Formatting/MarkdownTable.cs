using System.Text;

namespace MountViz.Core.Formatting;

/// <summary>
/// Writes a GitHub-flavoured Markdown table. Cells are plain text: characters Markdown would
/// read as markup (a <c>|</c> would split the cell, a <c>*</c> or <c>_</c> start emphasis, a
/// <c>\</c> swallow the next character) are backslash-escaped, and line breaks become spaces,
/// so any mount text, however odd, stays in its cell and reads as it is.
/// </summary>
public static class MarkdownTable
{
    // ASCII punctuation that is markup somewhere in a table cell; '\' first so escapes stay single.
    private const string Escaped = "\\|`*_[]<>~&";

    /// <summary>The table: a header row, its delimiter row, then one row per item, each line ending in <c>\n</c>.</summary>
    /// <param name="headers">Column headings.</param>
    /// <param name="rows">Cells per row; a short row is padded with empty cells.</param>
    /// <param name="rightAligned">Columns to right-align (numbers); null for none.</param>
    /// <exception cref="ArgumentException">No column, or a row with more cells than there are columns.</exception>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? rightAligned = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0)
        {
            throw new ArgumentException("A Markdown table needs at least one column: pass its headings.", nameof(headers));
        }

        var output = new StringBuilder();
        AppendRow(output, headers, headers.Count);
        output.Append('|');
        for (int i = 0; i < headers.Count; i++)
        {
            output.Append(rightAligned?.Contains(i) == true ? " ---: |" : " --- |");
        }

        output.Append('\n');
        int number = 0;
        foreach (IReadOnlyList<string> row in rows)
        {
            number++;
            if (row.Count > headers.Count)
            {
                throw new ArgumentException($"Row {number} has {row.Count} cells but the table has {headers.Count} columns: give every row at most one cell per heading.", nameof(rows));
            }

            AppendRow(output, row, headers.Count);
        }

        return output.ToString();
    }

    /// <summary>One cell's text with Markdown markup characters escaped and line breaks as spaces.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            if (c is '\n' or '\r')
            {
                builder.Append(' ');
            }
            else
            {
                if (Escaped.Contains(c, StringComparison.Ordinal))
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void AppendRow(StringBuilder output, IReadOnlyList<string> cells, int columns)
    {
        output.Append('|');
        for (int i = 0; i < columns; i++)
        {
            string cell = i < cells.Count ? Escape(cells[i] ?? "") : "";
            output.Append(' ').Append(cell).Append(cell.Length == 0 ? "|" : " |");
        }

        output.Append('\n');
    }
}
