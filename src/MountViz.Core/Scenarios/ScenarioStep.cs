using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>One step: commands in one namespace, what to tell the reader, and what to check after.</summary>
/// <param name="Number">1 for the first step.</param>
/// <param name="Title">A short heading (defaults to the first command).</param>
/// <param name="Namespace">The lab namespace the commands run in.</param>
/// <param name="Commands">Command-language lines, run in order (may be empty for a step that only looks).</param>
/// <param name="Narrative">Markdown: what the step does and why the result is what it is.</param>
/// <param name="Expectations">What must be observed after the commands.</param>
/// <param name="Show">/proc lines to show side by side after the commands, or null.</param>
/// <param name="Cell">The cell of <see cref="Scenario.Table"/> this step fills, or null.</param>
public sealed record ScenarioStep(
    int Number,
    string Title,
    string Namespace,
    ImmutableArray<string> Commands,
    string Narrative,
    ImmutableArray<Expectation> Expectations,
    ShowRequest? Show,
    TableCell? Cell)
{
    /// <summary>A name for files and anchors: <c>03-bind-source2-onto-target1-target2</c>.</summary>
    public string Slug => $"{Number:00}-{ScenarioSlug.Of(Title)}";
}
