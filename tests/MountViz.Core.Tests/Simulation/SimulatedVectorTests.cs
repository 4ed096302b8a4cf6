using MountViz.Linux.Tests.Vectors;
using Xunit.Abstractions;

namespace MountViz.Core.Tests.Simulation;

/// <summary>
/// The propagation vectors of <c>mount-propagation.md</c> as pure unit tests of the simulator:
/// each vector's setup is predicted and applied step by step from an empty lab (a private
/// tmpfs lab-root at / in ns0), then the op is predicted and judged by the kernel tests' own
/// evaluator. No kernel is involved.
/// </summary>
/// <remarks>
/// Known gaps, each checked to stay exactly that (a gap that closes must leave this list): none
/// now. V74 (a pivot_root that succeeds) is predicted from the whole tables the simulated lab
/// gives beside the workspace views (<see cref="SimulatedLab.WholeTables"/>).
/// </remarks>
public sealed class SimulatedVectorTests(ITestOutputHelper output)
{
    /// <summary>Vectors the simulator declines, with a phrase of its reason.</summary>
    private static readonly Dictionary<string, string> KnownUnsupported = new(StringComparer.Ordinal);

    public static TheoryData<string> ExecutableMutantIds =>
        [.. VectorDocument.Mutants.Select(VectorTranslator.Translate).Where(t => t.Executable).Select(t => t.Vector.Id)];

    public static TheoryData<string> ExecutableIds =>
        [.. VectorDocument.Vectors.Select(VectorTranslator.Translate).Where(t => t.Executable).Select(t => t.Vector.Id)];

    [Fact]
    public void Report_per_vector()
    {
        List<SimulatedVectorRun> runs = [.. VectorDocument.Vectors.Select(VectorTranslator.Translate).Where(t => t.Executable).Select(SimulatedVectorRun.Run)];
        foreach (SimulatedVectorRun run in runs)
        {
            output.WriteLine($"| {run.Id} | {run.Outcome} | {run.Detail.Split('\n')[0]} |");
        }

        output.WriteLine(string.Join(", ", runs.GroupBy(r => r.Outcome).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.True(runs.Count >= 47, $"only {runs.Count} vectors are executable");
        Assert.Equal(runs.Count - KnownUnsupported.Count, runs.Count(r => r.Outcome == VectorOutcome.Pass));
    }

    [Theory]
    [MemberData(nameof(ExecutableIds))]
    public void Vector(string id)
    {
        SimulatedVectorRun run = SimulatedVectorRun.Run(VectorTranslator.Translate(VectorDocument.Find(id)));
        foreach (string line in run.Log)
        {
            output.WriteLine(line);
        }

        if (KnownUnsupported.TryGetValue(id, out string? reason))
        {
            Assert.Equal(VectorOutcome.Unsupported, run.Outcome);
            Assert.Contains(reason, run.Detail, StringComparison.Ordinal);
            return;
        }

        Assert.True(run.Outcome == VectorOutcome.Pass, $"{id}: {run.Outcome}\n{run.Detail}");
    }

    [Theory]
    [MemberData(nameof(ExecutableMutantIds))]
    public void A_mutant_is_not_matched_by_the_prediction(string id)
    {
        SimulatedVectorRun run = SimulatedVectorRun.Run(VectorTranslator.Translate(VectorDocument.Mutants.Single(m => m.Id == id)));
        output.WriteLine($"{run.Outcome}: {run.Detail}");
        Assert.Equal(VectorOutcome.Fail, run.Outcome);
    }
}
