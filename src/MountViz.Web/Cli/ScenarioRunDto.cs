using MountViz.Core.Json;
using MountViz.Core.Scenarios;
using MountViz.Web.Api;

namespace MountViz.Web.Cli;

/// <summary>The JSON of <c>mountviz scenario run --format json</c>: the scenario, the (deleted) lab it ran in, each step's results (and picture, with <c>--screenshots</c>), the table, the script and how the predictions fared.</summary>
internal sealed record ScenarioRunDto(
    string Name,
    string? LabId,
    string Title,
    bool Passed,
    IReadOnlyList<ScenarioStepDto> Steps,
    string? Table,
    string Script,
    ScenarioPredictionsDto Predictions)
{
    /// <param name="scenario">The scenario that ran.</param>
    /// <param name="results">The setup's and each step's result, in order.</param>
    /// <param name="passed">Whether the run passed as a whole.</param>
    /// <param name="screenshots">The PNG of each result by index (with <c>--screenshots</c>); null or shorter when not taken.</param>
    public static ScenarioRunDto From(Scenario scenario, IReadOnlyList<StepResult> results, bool passed, IReadOnlyList<string>? screenshots = null) => new(
        scenario.Name,
        results.Count > 0 ? results[0].LabId : null,
        scenario.Title,
        passed,
        [.. results.Select((r, i) => ScenarioStepDto.From(r, screenshots is not null && i < screenshots.Count ? screenshots[i] : null))],
        scenario.Table is ScenarioTable table ? ScenarioTableRenderer.Render(table, results) : null,
        ScenarioScript.Render(scenario, results),
        ScenarioPredictionsDto.From(results));
}

/// <summary>One step (number 0: the setup) in the JSON output; <c>screenshot</c> is its PNG's path, or null.</summary>
internal sealed record ScenarioStepDto(
    int Number,
    string Title,
    string? Namespace,
    string? Narrative,
    bool Passed,
    string? Error,
    IReadOnlyList<ScenarioCommandDto> Commands,
    IReadOnlyList<ScenarioExpectationDto> Expectations,
    IReadOnlyList<ScenarioShowDto> Shows,
    IReadOnlyDictionary<string, MountTableDto> Tables,
    string? Screenshot)
{
    public static ScenarioStepDto From(StepResult result, string? screenshot) => new(
        result.Number,
        result.Title,
        result.Step?.Namespace,
        result.Step?.Narrative,
        result.Passed,
        result.Error,
        [.. result.Commands.Select(ScenarioCommandDto.From)],
        [.. result.Expectations.Select(e => new ScenarioExpectationDto(e.Passed, e.Expected, e.Observed))],
        [.. result.Shows.Select(s => new ScenarioShowDto(s.Namespace, s.Pid, s.Identity, [.. s.Files.Select(f => new ScenarioProcLinesDto(f.File.FileName(), f.Path, f.Lines))]))],
        result.Tables.ToDictionary(t => t.Namespace, t => MountTableDto.From(t.Table), StringComparer.Ordinal),
        screenshot);
}

/// <summary>
/// One command in the JSON output, with the simulator's prediction as <c>POST /api/labs/{id}/commands</c>
/// gives it: <c>predicted</c> (null for a host-file copy or a command that did not run), <c>matches</c>
/// (null without a supported prediction) and <c>findings</c> (each difference; empty when it matches).
/// </summary>
internal sealed record ScenarioCommandDto(
    string Namespace,
    string Command,
    bool Ok,
    string? Errno,
    string? Message,
    string ShellCommand,
    string? Syscall,
    PredictionDto? Predicted,
    bool? Matches,
    IReadOnlyList<string> Findings)
{
    public static ScenarioCommandDto From(CommandOutcome command) => new(
        command.Namespace,
        command.Command,
        command.Ok,
        command.Result?.Errno,
        command.Error ?? command.Result?.Message,
        command.ShellCommand,
        command.Syscall,
        command.Result?.Predicted is { } predicted ? PredictionDto.From(predicted) : null,
        command.Result?.Comparison?.Matches,
        command.Result?.Comparison is { } comparison ? comparison.Findings : []);
}

/// <summary>One expectation in the JSON output.</summary>
internal sealed record ScenarioExpectationDto(bool Passed, string Expected, string Observed);

/// <summary>One namespace of a step's <c>show</c> in the JSON output.</summary>
internal sealed record ScenarioShowDto(string Namespace, int Pid, string Identity, IReadOnlyList<ScenarioProcLinesDto> Files);

/// <summary>The lines of one /proc file (<c>mounts</c>, <c>mountinfo</c> or <c>mountstats</c>) in the JSON output.</summary>
internal sealed record ScenarioProcLinesDto(string File, string Path, IReadOnlyList<string> Lines);
