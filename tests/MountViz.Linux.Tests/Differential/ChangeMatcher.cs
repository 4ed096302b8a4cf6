using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// The differential test's view of <see cref="PredictionComparison"/> (the product's comparison
/// of a prediction with what the kernel did): null when they agree, else the findings and both
/// sides' normalised changes, for the failure message.
/// </summary>
internal static class ChangeMatcher
{
    /// <summary>Null when they agree, else what differs.</summary>
    /// <param name="prediction">The simulator's (supported) prediction.</param>
    /// <param name="result">The engine's result of running the op.</param>
    /// <param name="before">Each namespace's workspace table before the op.</param>
    /// <param name="existingGroups">Every group ID in the lab's namespaces (whole tables) before the op.</param>
    public static string? Compare(Prediction prediction, OperationResult result, IReadOnlyDictionary<string, MountTable> before, IReadOnlySet<int> existingGroups)
    {
        PredictionComparison comparison = PredictionComparison.Compare(prediction, result, before, existingGroups);
        if (comparison.Matches)
        {
            return null;
        }

        return $"predicted {comparison.Predicted[0]}, kernel {comparison.Observed[0]} ({result.Message})\n"
            + string.Concat(comparison.Findings.Select(f => $"  finding: {f}\n"))
            + "  predicted changes:\n" + Lines(comparison.Predicted)
            + "  observed changes:\n" + Lines(comparison.Observed);
    }

    private static string Lines(IReadOnlyList<string> lines) => lines.Count <= 1
        ? "    (none)\n"
        : string.Concat(lines.Skip(1).Select(l => $"    {l}\n"));
}
