using System.Text;

namespace MountViz.Core.Scenarios;

/// <summary>
/// The scenario's summary table (the article's matrix) filled from step results: ✅ where the
/// cell's mount was observed, ❌ where it was not, <c>(expected ✅)</c> beside a cell whose
/// observation differs from its step's expectation, <c>?</c> for a cell not run.
/// </summary>
public static class ScenarioTableRenderer
{
    /// <summary>The observed value of each cell: true ✅, false ❌, null not run or not observed.</summary>
    public static Dictionary<TableCell, bool?> Cells(IEnumerable<StepResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var cells = new Dictionary<TableCell, bool?>();
        foreach (StepResult result in results)
        {
            if (result.Step?.Cell is TableCell cell)
            {
                cells[cell] = result.Expectations.Select(e => e.MountObserved).FirstOrDefault(o => o is not null);
            }
        }

        return cells;
    }

    /// <summary>The table as Markdown, with the caption above it.</summary>
    public static string Render(ScenarioTable table, IReadOnlyList<StepResult> results)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(results);
        Dictionary<TableCell, bool?> cells = Cells(results);
        var text = new StringBuilder();
        text.Append(table.Caption).Append('\n').Append('\n');
        text.Append($"| {table.RowHeader} ↓ \\ {table.ColumnHeader} → |");
        foreach (string column in table.Columns)
        {
            text.Append(' ').Append(column).Append(" |");
        }

        text.Append('\n').Append("|---|");
        foreach (string _ in table.Columns)
        {
            text.Append("---|");
        }

        text.Append('\n');
        foreach (string row in table.Rows)
        {
            text.Append("| ").Append(row).Append(" |");
            foreach (string column in table.Columns)
            {
                var cell = new TableCell(row, column);
                StepResult? result = results.FirstOrDefault(r => r.Step?.Cell == cell);
                bool? observed = cells.GetValueOrDefault(cell);
                text.Append(' ').Append(Mark(observed));
                if (result is not null && Expected(result) is bool expected && observed is bool seen && expected != seen)
                {
                    text.Append(" (expected ").Append(Mark(expected)).Append(')');
                }

                text.Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    // What the cell's step expected: its first mount or no-mount expectation.
    private static bool? Expected(StepResult result) => result.Expectations
        .Where(e => e.MountObserved is not null)
        .Select(e => e.Expectation switch
        {
            MountExpectation => true,
            NoMountExpectation => false,
            _ => (bool?)null,
        })
        .FirstOrDefault();

    private static string Mark(bool? observed) => observed switch
    {
        true => "✅",
        false => "❌",
        null => "?",
    };
}
