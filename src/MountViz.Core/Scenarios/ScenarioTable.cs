using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// A summary table of a scenario whose cells are steps (the article's 3×3 matrix): each cell
/// shows ✅ when the cell step's first mount expectation found the mount, ❌ when it did not.
/// </summary>
/// <param name="Caption">The question the table answers.</param>
/// <param name="RowHeader">What the rows vary (<c>/home_a</c>).</param>
/// <param name="ColumnHeader">What the columns vary (<c>/home</c>).</param>
/// <param name="Rows">Row labels, top to bottom.</param>
/// <param name="Columns">Column labels, left to right.</param>
public sealed record ScenarioTable(string Caption, string RowHeader, string ColumnHeader, ImmutableArray<string> Rows, ImmutableArray<string> Columns);
