namespace MountViz.Core.Scenarios;

/// <summary>An expectation, what was observed, and whether they agree.</summary>
/// <param name="Expectation">The expectation.</param>
/// <param name="Passed">Whether the observation meets it.</param>
/// <param name="Expected">What was expected, in one line.</param>
/// <param name="Observed">What was observed, in one line.</param>
public sealed record ExpectationResult(Expectation Expectation, bool Passed, string Expected, string Observed)
{
    /// <summary>For mount and no-mount expectations: whether a mount was observed at the path (the table cell's ✅/❌); null otherwise.</summary>
    public bool? MountObserved { get; init; }

    /// <summary>A line for a report: <c>PASS a mount at /t in base, shared</c> or <c>FAIL ...: expected ...; observed ...</c>.</summary>
    public string Message => Passed
        ? $"PASS {Expected}"
        : $"FAIL expected {Expected}; observed {Observed}{(Expectation.Position is ScenarioPosition p ? $" (expectation at {p})" : "")}";
}
