using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// A guided experiment: a lab set up from nothing, then steps run one after another, each with
/// its narrative and the results it expects. Loaded from YAML by <see cref="ScenarioLoader"/>
/// (the format is in docs/scenarios.md); run by <see cref="ScenarioRunner"/>.
/// </summary>
/// <param name="Name">A short name (<c>propagation-script</c>), from the built-in list or the file name.</param>
/// <param name="Title">One line for lists and headings.</param>
/// <param name="Introduction">Markdown shown before the first step.</param>
/// <param name="Setup">What is done before the first step: commands and host files copied in. Not narrated.</param>
/// <param name="Steps">The steps, in order; <see cref="ScenarioStep.Number"/> counts from 1.</param>
/// <param name="Table">A summary table whose cells are steps (the 3×3 matrix), or null.</param>
public sealed record Scenario(
    string Name,
    string Title,
    string Introduction,
    ImmutableArray<SetupAction> Setup,
    ImmutableArray<ScenarioStep> Steps,
    ScenarioTable? Table)
{
    /// <summary>The introduction's first paragraph on one line (Markdown kept), for lists; empty without an introduction.</summary>
    public string Summary
    {
        get
        {
            string first = Introduction.ReplaceLineEndings("\n").Trim('\n').Split("\n\n")[0];
            return string.Join(' ', first.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
