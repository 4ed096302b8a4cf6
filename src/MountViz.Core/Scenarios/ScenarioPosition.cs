namespace MountViz.Core.Scenarios;

/// <summary>A place in a scenario file: 1-based line and column, as editors count.</summary>
public readonly record struct ScenarioPosition(int Line, int Column)
{
    /// <summary><c>line 3, column 7</c>.</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
