using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace MountViz.Core.Scenarios;

/// <summary>A loaded scenario, or every error found in the file (then nothing may run).</summary>
public sealed class ScenarioLoadResult
{
    internal ScenarioLoadResult(Scenario? scenario, ImmutableArray<ScenarioError> errors)
    {
        Scenario = scenario;
        Errors = errors;
    }

    /// <summary>The scenario; null when the file has errors.</summary>
    public Scenario? Scenario { get; }

    /// <summary>The errors, in file order; empty on success.</summary>
    public ImmutableArray<ScenarioError> Errors { get; }

    /// <summary>Whether the file loaded.</summary>
    [MemberNotNullWhen(true, nameof(Scenario))]
    public bool Success => Scenario is not null;
}
