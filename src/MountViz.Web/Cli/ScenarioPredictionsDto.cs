using MountViz.Core.Scenarios;

namespace MountViz.Web.Cli;

/// <summary>How the simulator's predictions fared over a scenario run, in the JSON output.</summary>
/// <param name="Predicted">Commands with a supported prediction.</param>
/// <param name="Matched">Of those, the ones the kernel did exactly.</param>
/// <param name="Unsupported">Commands the simulator made no prediction for (each says why in its <c>predicted.reason</c>).</param>
/// <param name="Findings">Every difference between prediction and kernel, with where it happened; a finding does not fail the scenario.</param>
internal sealed record ScenarioPredictionsDto(int Predicted, int Matched, int Unsupported, IReadOnlyList<ScenarioFindingDto> Findings)
{
    public static ScenarioPredictionsDto From(IReadOnlyList<StepResult> results)
    {
        PredictionTally tally = PredictionReport.Tally(results);
        return new(
            tally.Predicted,
            tally.Matched,
            tally.Unsupported,
            [.. PredictionReport.Findings(results).Select(f => new ScenarioFindingDto(f.Step.Number, f.Command.Namespace, f.Command.ShellCommand, f.Finding))]);
    }
}
