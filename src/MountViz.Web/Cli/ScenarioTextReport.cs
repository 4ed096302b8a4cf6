using MountViz.Core.Formatting;
using MountViz.Core.Scenarios;

namespace MountViz.Web.Cli;

/// <summary>The text output of <c>mountviz scenario run</c>: each step as it completes, then a summary.</summary>
internal static class ScenarioTextReport
{
    private static readonly MountTextOptions TreeOptions = new()
    {
        Columns = [MountColumn.Id, MountColumn.Target, MountColumn.Source, MountColumn.FsType, MountColumn.Propagation],
    };

    /// <summary>True when the setup and every step ran and passed.</summary>
    public static bool Passed(Scenario scenario, IReadOnlyList<StepResult> results) =>
        results.Count == scenario.Steps.Length + 1 && results.All(r => r.Passed);

    public static void WriteHeader(Scenario scenario, TextWriter output)
    {
        output.WriteLine($"# {scenario.Title}");
        output.WriteLine();
        WriteIndented(scenario.Introduction, "", output);
    }

    public static void WriteStep(Scenario scenario, StepResult result, TextWriter output)
    {
        output.WriteLine();
        string heading = result.Phase == ScenarioPhase.Setup ? "Setup" : $"Step {result.Number}/{scenario.Steps.Length}: {result.Title}";
        output.WriteLine($"## {heading}  [{(result.Passed ? "PASS" : "FAIL")}]");
        if (result.Step is { Narrative.Length: > 0 } step)
        {
            WriteIndented(step.Narrative, "", output);
        }

        foreach (CommandOutcome command in result.Commands)
        {
            output.WriteLine($"  {command.Namespace}$ {command.ShellCommand}");
            if (command.Syscall is { Length: > 0 } syscall && result.Phase == ScenarioPhase.Step)
            {
                output.WriteLine($"      {syscall}");
            }

            if (command.Error is string error)
            {
                output.WriteLine($"      could not run: {error}");
            }
            else if (command.Result is { } operation && (result.Phase == ScenarioPhase.Step || !operation.Ok))
            {
                output.WriteLine($"      {operation.Message}");
            }

            if (command.Result is { } predicted)
            {
                foreach (string line in PredictionReport.Lines(predicted, brief: result.Phase == ScenarioPhase.Setup))
                {
                    output.WriteLine($"      {line}");
                }
            }
        }

        foreach (ExpectationResult expectation in result.Expectations)
        {
            output.WriteLine($"  {expectation.Message}");
        }

        foreach (NamespaceShow show in result.Shows)
        {
            output.WriteLine($"  {show.Namespace} (holder PID {show.Pid}): {show.Identity}");
            foreach (ProcLines file in show.Files)
            {
                output.WriteLine($"    {file.Path}:{(file.Lines.IsEmpty ? " (no line)" : "")}");
                foreach (string line in file.Lines)
                {
                    output.WriteLine($"      {line}");
                }
            }
        }

        if (result.Error is string failure)
        {
            output.WriteLine($"  ERROR {failure}");
        }

        if (result.Step is ScenarioStep current)
        {
            var shown = new HashSet<string>(StringComparer.Ordinal) { current.Namespace };
            foreach (Expectation expectation in current.Expectations)
            {
                shown.Add(expectation.Namespace ?? current.Namespace);
            }

            foreach (NamespaceTable table in result.Tables.Where(t => shown.Contains(t.Namespace)))
            {
                output.WriteLine($"  mounts in {table.Namespace} (lab paths):");
                WriteIndented(MountTextRenderer.TreeToString(table.Table, TreeOptions), "    ", output);
            }
        }
    }

    public static void WriteSummary(Scenario scenario, IReadOnlyList<StepResult> results, TextWriter output)
    {
        output.WriteLine();
        if (scenario.Table is ScenarioTable table)
        {
            output.Write(ScenarioTableRenderer.Render(table, results));
            output.WriteLine();
        }

        output.WriteLine("## Shell script");
        WriteIndented(ScenarioScript.Render(scenario, results), "    ", output);
        output.WriteLine();
        WritePredictionSummary(results, output);
        int failed = results.Count(r => !r.Passed);
        int notRun = scenario.Steps.Length + 1 - results.Count;
        output.WriteLine(failed == 0 && notRun == 0
            ? $"PASSED: {scenario.Name}, setup and {scenario.Steps.Length} steps."
            : $"FAILED: {scenario.Name}: {failed} failed ({string.Join(", ", results.Where(r => !r.Passed).Select(r => r.Phase == ScenarioPhase.Setup ? "setup" : $"step {r.Number}"))}){(notRun > 0 ? $", {notRun} not run" : "")}.");
    }

    // Findings are repeated at the end so that none scrolls by unseen; they do not fail the run.
    private static void WritePredictionSummary(IReadOnlyList<StepResult> results, TextWriter output)
    {
        PredictionTally tally = PredictionReport.Tally(results);
        output.WriteLine($"Predictions: {tally.Matched} of {tally.Predicted} predicted commands matched the kernel{(tally.Unsupported > 0 ? $", {tally.Unsupported} without a prediction" : "")}.");
        foreach ((StepResult step, CommandOutcome command, string finding) in PredictionReport.Findings(results))
        {
            string where = step.Phase == ScenarioPhase.Setup ? "setup" : $"step {step.Number}";
            output.WriteLine($"  {PredictionReport.FindingPrefix}{where}, {command.Namespace}$ {command.ShellCommand}: {finding}");
        }
    }

    private static void WriteIndented(string text, string indent, TextWriter output)
    {
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            output.WriteLine(line.Length == 0 ? "" : indent + line);
        }
    }
}
