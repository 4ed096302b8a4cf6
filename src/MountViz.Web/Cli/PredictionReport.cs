using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Scenarios;
using MountViz.Core.Simulation;

namespace MountViz.Web.Cli;

/// <summary>
/// The simulator's side of <c>mountviz scenario run</c>: what was predicted for a command
/// (supported or not and why; the errno or the changes per namespace; the explanations in
/// brief) and how it compared with what the kernel did. A mismatch is a finding: it is always
/// printed, and counted in the summary, but does not fail the scenario (expectations do).
/// </summary>
internal static class PredictionReport
{
    /// <summary>How many explanations a command shows in text; JSON has them all.</summary>
    public const int MaxExplanations = 6;

    /// <summary>The prefix of a finding line, so a reader (or grep) finds every one.</summary>
    public const string FindingPrefix = "FINDING ";

    /// <summary>The lines about <paramref name="result"/>'s prediction, without indentation.</summary>
    /// <param name="result">The command's result.</param>
    /// <param name="brief">True for setup commands: only a finding (or a missing comparison) is shown, since the setup is not narrated.</param>
    public static IReadOnlyList<string> Lines(OperationResult result, bool brief)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        if (result.Predicted is not Prediction prediction)
        {
            return lines;
        }

        if (!brief)
        {
            Predicted(prediction, result.Namespace, lines);
        }

        if (result.Comparison is PredictionComparison comparison)
        {
            Compared(comparison, lines, brief);
        }

        return lines;
    }

    /// <summary>Each finding of the run, in order: the phase, the command and the sentence.</summary>
    public static IEnumerable<(StepResult Step, CommandOutcome Command, string Finding)> Findings(IEnumerable<StepResult> results) =>
        from step in results
        from command in step.Commands
        where command.Result?.Comparison is { Matches: false }
        from finding in command.Result!.Comparison!.Findings
        select (step, command, finding);

    /// <summary>The counts over a run: commands with a prediction, how many matched, how many had none.</summary>
    public static PredictionTally Tally(IEnumerable<StepResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        int predicted = 0, matched = 0, unsupported = 0;
        foreach (OperationResult result in results.SelectMany(r => r.Commands).Select(c => c.Result).OfType<OperationResult>())
        {
            if (result.Predicted is not Prediction prediction)
            {
                continue;
            }

            if (!prediction.Supported)
            {
                unsupported++;
                continue;
            }

            predicted++;
            if (result.Comparison?.Matches == true)
            {
                matched++;
            }
        }

        return new PredictionTally(predicted, matched, unsupported);
    }

    /// <summary>One predicted change in the user's terms, as the comparison's findings word them.</summary>
    public static string Describe(PredictedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        PredictedMount m = change.Mount;
        string at = MountText.ToDisplay(m.MountPoint);
        return change.Kind switch
        {
            MountChangeKind.Added => $"{at} added ({MountText.ToDisplay(m.FsType)} {MountText.ToDisplay(m.Source)}{(m.Root == "/" ? "" : ", root " + MountText.ToDisplay(m.Root))}, {m.TagsText})",
            MountChangeKind.Removed => $"{at} removed",
            MountChangeKind.Moved => $"{at} moved there from {MountText.ToDisplay(change.Before?.MountPoint ?? "?")}",
            _ => $"{at} becomes {m.TagsText} (was {change.Before?.TagsText})",
        };
    }

    private static void Predicted(Prediction prediction, string ns, List<string> lines)
    {
        if (!prediction.Supported)
        {
            lines.Add($"prediction: none ({prediction.Reason})");
            return;
        }

        int count = prediction.Changes.Values.Sum(c => c.Length);
        string outcome = prediction.Errno is string errno ? $"refused with {errno}" : "succeeds";
        lines.Add(count == 0
            ? $"predicted: {outcome}, no mount changes"
            : $"predicted: {outcome}, {count} change{(count == 1 ? "" : "s")}:");
        foreach ((string where, ImmutableArray<PredictedChange> changes) in prediction.Changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (PredictedChange change in changes)
            {
                lines.Add($"  in {where}: {Describe(change)}");
            }
        }

        // In brief: the operation's own sentences (why it fails, what it does), then every
        // receiver, then what stopped it in its own namespace. The other namespaces' "gets
        // nothing" (one per candidate in a lab of many namespaces) fold into one count.
        PropagationExplanation[] primary = [.. prediction.Explanations
            .Where(e => e.Receives != false || e.Namespace == ns)
            .OrderBy(e => e.Receives switch { null => 0, true => 1, false => 2 })];
        foreach (PropagationExplanation explanation in primary.Take(MaxExplanations))
        {
            lines.Add($"  why: [{explanation.Namespace}] {explanation.Text}");
        }

        if (primary.Length > MaxExplanations)
        {
            lines.Add($"  why: ... {primary.Length - MaxExplanations} more (--format json lists them all)");
        }

        PropagationExplanation[] stoppedElsewhere = [.. prediction.Explanations.Where(e => e.Receives == false && e.Namespace != ns)];
        if (stoppedElsewhere.Length > 0)
        {
            int namespaces = stoppedElsewhere.Select(e => e.Namespace).Distinct(StringComparer.Ordinal).Count();
            lines.Add($"  why: in {namespaces} other namespace{(namespaces == 1 ? "" : "s")}, {stoppedElsewhere.Length} candidate{(stoppedElsewhere.Length == 1 ? " gets" : "s get")} nothing (--format json says why for each)");
        }
    }

    private static void Compared(PredictionComparison comparison, List<string> lines, bool brief)
    {
        if (comparison.Matches)
        {
            if (!brief)
            {
                lines.Add("prediction matched: the kernel did what was predicted");
            }

            return;
        }

        foreach (string finding in comparison.Findings)
        {
            lines.Add(FindingPrefix + finding);
        }

        lines.Add("  predicted (normalised): " + string.Join("; ", comparison.Predicted));
        lines.Add("  observed (normalised):  " + string.Join("; ", comparison.Observed));
    }
}
