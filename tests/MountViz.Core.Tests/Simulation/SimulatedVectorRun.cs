using MountViz.Core.Simulation;
using MountViz.Linux.Tests.Vectors;

namespace MountViz.Core.Tests.Simulation;

/// <summary>How the simulator did on one vector.</summary>
internal enum VectorOutcome
{
    Pass,
    Fail,
    Unsupported,
}

/// <summary>One vector run through the simulator alone: setup predicted and applied, the op predicted and judged.</summary>
internal sealed record SimulatedVectorRun(string Id, VectorOutcome Outcome, string Detail, IReadOnlyList<string> Log)
{
    /// <summary>Runs an executable translated vector.</summary>
    public static SimulatedVectorRun Run(TranslatedVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        string id = vector.Vector.Id;
        var lab = new SimulatedLab();
        var log = new List<string>();
        foreach (LabStep step in vector.Setup)
        {
            Prediction setup = lab.Predict(step.Namespace, SimulatedLab.Parse(step.Command));
            log.Add($"setup {step} -> {Summary(setup)}");
            if (!setup.Supported)
            {
                return new(id, VectorOutcome.Unsupported, $"setup {step}: {setup.Reason}", log);
            }

            if (setup.Errno is not null)
            {
                return new(id, VectorOutcome.Fail, $"setup {step} predicted to fail with {setup.Errno}; the kernel ran it", log);
            }

            lab.Apply(setup, step.Namespace);
        }

        LabStep op = vector.Op!;
        Prediction prediction = lab.Predict(op.Namespace, SimulatedLab.Parse(op.Command));
        log.Add($"op    {op} -> {Summary(prediction)}");
        foreach (PropagationExplanation explanation in prediction.Explanations)
        {
            log.Add("      why: " + explanation);
        }

        if (!prediction.Supported)
        {
            return new(id, VectorOutcome.Unsupported, $"op {op}: {prediction.Reason}", log);
        }

        var problems = new List<string>();
        VectorObservation observation = ReportedChanges.Observe(
            lab.ToResult(prediction, op.Namespace), lab.Tables, SimulatedLab.WorkspaceSource, vector.Unobserved, out _, problems)
            with { OtherExistingGroups = ReportedChanges.GroupsIn(lab.Tables.Values) };
        log.Add("predicted:\n" + observation.Describe());
        IReadOnlyList<string> mismatches = [.. problems.Select(p => "report: " + p), .. VectorEvaluator.Evaluate(vector.Expect!, observation)];
        return mismatches.Count == 0
            ? new(id, VectorOutcome.Pass, "", log)
            : new(id, VectorOutcome.Fail, string.Join('\n', mismatches), log);
    }

    private static string Summary(Prediction p) =>
        !p.Supported ? "unsupported: " + p.Reason : p.Errno ?? $"ok ({p.Changes.Values.Sum(c => c.Length)} changes)";
}
