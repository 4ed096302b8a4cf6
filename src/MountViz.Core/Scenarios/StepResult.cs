using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// The setup or one step as run: its commands with their results (each with its shell command
/// and system calls), every expectation with what was observed, the /proc lines asked for, and
/// every namespace's mount table afterwards.
/// </summary>
/// <param name="LabId">The lab the scenario runs in (deleted when the run ends).</param>
/// <param name="Phase">Setup or step.</param>
/// <param name="Step">The step; null for the setup.</param>
/// <param name="Commands">What ran, in order (stops at the first unexpected failure).</param>
/// <param name="Expectations">Each expectation with its observation.</param>
/// <param name="Shows">The /proc lines, one entry per namespace, when the step asks.</param>
/// <param name="Tables">Every namespace's mount table after the step, in namespace order.</param>
/// <param name="Error">What went wrong outside the expectations (a command that failed unexpectedly), or null.</param>
public sealed record StepResult(
    string LabId,
    ScenarioPhase Phase,
    ScenarioStep? Step,
    ImmutableArray<CommandOutcome> Commands,
    ImmutableArray<ExpectationResult> Expectations,
    ImmutableArray<NamespaceShow> Shows,
    ImmutableArray<NamespaceTable> Tables,
    string? Error)
{
    /// <summary>True when nothing went wrong and every expectation passed.</summary>
    public bool Passed => Error is null && Expectations.All(e => e.Passed);

    /// <summary>The step number, 0 for the setup.</summary>
    public int Number => Step?.Number ?? 0;

    /// <summary>The step's title, or "Setup".</summary>
    public string Title => Step?.Title ?? "Setup";
}
