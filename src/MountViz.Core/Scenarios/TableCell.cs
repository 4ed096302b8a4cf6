namespace MountViz.Core.Scenarios;

/// <summary>The cell of <see cref="ScenarioTable"/> a step fills.</summary>
/// <param name="Row">A row label.</param>
/// <param name="Column">A column label.</param>
public sealed record TableCell(string Row, string Column);
