using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Operations;
using MountViz.Linux.Tests.Vectors;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// Runs a sequence in a fresh lab (deleted whatever happens): before each step every
/// namespace's tables are read, the simulator predicts the step, the engine runs it, and
/// <see cref="ChangeMatcher"/> compares; the result's own prediction and comparison (made by
/// the engine from its read) must agree. The run stops at the first mismatch.
/// </summary>
internal sealed class DifferentialRunner(LabTestEnvironment environment)
{
    /// <summary>Generates and runs <paramref name="length"/> steps.</summary>
    public Task<SequenceRun> GenerateAsync(SequenceGenerator generator, int length) =>
        RunAsync(tables => generator.Next(tables), length);

    /// <summary>Replays <paramref name="steps"/>; a step whose namespace does not exist (its clone was dropped) is left out.</summary>
    public Task<SequenceRun> ReplayAsync(IReadOnlyList<DiffStep> steps)
    {
        int next = 0;
        return RunAsync(tables =>
        {
            while (next < steps.Count && !tables.ContainsKey(steps[next].Namespace))
            {
                next++;
            }

            return next < steps.Count ? steps[next++] : null;
        }, steps.Count);
    }

    private async Task<SequenceRun> RunAsync(Func<IReadOnlyDictionary<string, MountTable>, DiffStep?> nextStep, int length)
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        var steps = new List<DiffStep>();
        var unsupported = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int compared = 0;
        for (int i = 0; i < length; i++)
        {
            (Dictionary<string, MountTable> tables, _, _) = Read(lab);
            if (nextStep(tables) is not DiffStep step)
            {
                break;
            }

            steps.Add(step);
            if (!step.Directories.IsEmpty)
            {
                OperationResult made = await lab.Run($"mkdir -p {string.Join(' ', step.Directories)}", step.Namespace);
                if (!made.Ok || !made.Changes.IsEmpty)
                {
                    return new SequenceRun(steps, compared, unsupported, (steps.Count - 1, $"mkdir -p before the step: {made.Errno} {made.Message}, {made.Changes.Length} mount changes"));
                }
            }

            (tables, HashSet<int> groups, Dictionary<string, MountTable> wholes) = Read(lab);
            CommandParseResult parsed = CommandParser.Parse(step.Command, LabPath.Root);
            Operation operation = parsed.Resolved ?? throw new InvalidOperationException($"The generator made `{step.Command}`, which does not parse: {parsed.Error?.Render(step.Command)}");
            Prediction prediction = Simulator.Predict(tables, step.Namespace, operation, wholes);
            OperationResult result = await lab.Run(step.Command, step.Namespace);
            if (!prediction.Supported)
            {
                string reason = prediction.Reason ?? "(no reason)";
                unsupported[reason] = unsupported.GetValueOrDefault(reason) + 1;
                continue;
            }

            compared++;
            string outcome = $"{step.Command.Split(' ')[0]} {(result.Ok ? "ok" : result.Errno)}";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (ChangeMatcher.Compare(prediction, result, tables, groups) is string mismatch)
            {
                return new SequenceRun(steps, compared, unsupported, (steps.Count - 1, mismatch)) { Outcomes = outcomes };
            }

            // The product made the same prediction from its own read and found the same.
            if (result.Predicted is not { Supported: true } || result.Comparison is not { Matches: true })
            {
                return new SequenceRun(steps, compared, unsupported, (steps.Count - 1, $"the test's prediction matches, but the result's does not: predicted {(result.Predicted?.Supported == true ? "supported" : result.Predicted?.Reason ?? "nothing")}, findings: {string.Join(" ", result.Comparison?.Findings ?? [])}")) { Outcomes = outcomes };
            }

            // The observed side is the engine's report: it must account for every change the
            // tables show, or a change it left out would match a prediction that left it out too.
            var problems = new List<string>();
            var rebuilt = new Dictionary<string, MountTable>(StringComparer.Ordinal);
            foreach (string ns in tables.Keys.Union(result.Changes.Select(c => c.Namespace)))
            {
                rebuilt[ns] = ReportedChanges.Apply(
                    tables.GetValueOrDefault(ns) ?? MountTable.Build([], []),
                    result.Changes.Where(c => c.Namespace == ns).Select(c => c.Change),
                    ns,
                    problems);
            }

            ReportedChanges.CrossCheck(rebuilt, Read(lab).Tables, new HashSet<string>(), problems);
            if (problems.Count > 0)
            {
                return new SequenceRun(steps, compared, unsupported, (steps.Count - 1, "the engine's report does not account for the tables read after the op:\n  " + string.Join("\n  ", problems))) { Outcomes = outcomes };
            }
        }

        return new SequenceRun(steps, compared, unsupported, null) { Outcomes = outcomes };
    }

    /// <summary>Every namespace's workspace table, every group ID in the namespaces' whole tables, and the whole tables (pivot_root needs them).</summary>
    private static (Dictionary<string, MountTable> Tables, HashSet<int> Groups, Dictionary<string, MountTable> Wholes) Read(OpsLab lab)
    {
        LabInfo info = lab.Engine.FindLab(lab.Id) ?? throw new InvalidOperationException($"Lab {lab.Id} is gone.");
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        var groups = new HashSet<int>();
        var wholes = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        foreach (LabNamespaceInfo ns in info.Namespaces)
        {
            LabMountView view = lab.Engine.ReadMounts(lab.Id, ns.Name);
            tables[ns.Name] = view.Workspace;
            wholes[ns.Name] = view.All;
            foreach (var m in view.All.Mounts)
            {
                if (m.Shared is int s)
                {
                    groups.Add(s);
                }

                if (m.Master is int master)
                {
                    groups.Add(master);
                }
            }
        }

        return (tables, groups, wholes);
    }
}
