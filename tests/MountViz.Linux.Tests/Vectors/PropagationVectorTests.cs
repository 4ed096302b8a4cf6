using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Linux.Tests.Labs;
using Xunit.Abstractions;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// The test vectors of <c>../shared/docs/mount-propagation.md</c> §6 run through the engine on
/// the real kernel: one lab per vector (deleted afterwards), the vector's setup and op as
/// command-language lines, and the engine's reported changes checked against the vector's
/// <c>expect</c> by <see cref="VectorEvaluator"/>. This is the proof that engine and diff report
/// what the kernel did. The lab collection's environment fails the run if the host's mount
/// table changed or a holder, namespace or directory is left behind.
/// </summary>
/// <remarks>
/// Vectors skipped because the command language cannot express them (checked exactly by
/// <see cref="Skipped_vectors_are_exactly_these"/>; full reasons in <see cref="VectorTranslator"/>
/// and in that test's output):
/// <code>
/// | ID  | Reason                                                                                       |
/// |-----|----------------------------------------------------------------------------------------------|
/// | V26 | user namespace (spawn -U -r): less-privileged clone; labs have mount namespaces only         |
/// | V28 | user namespace (spawn -U -r in setup)                                                        |
/// | V29 | user namespace (spawn -U -r in setup); the op is also a raw umount2 inside it                |
/// | V52 | bg helper keeps a copy busy (cd into it, sleep): the lab starts no user processes            |
/// | V53 | bg helper keeps a copy busy (same setup as V52)                                              |
/// | V77 | bg $CP: chroot_pause, a chrooted process whose own mountinfo is read; op is a shell pipeline |
/// | V79 | $NA set-group: new mount API (move_mount MOVE_MOUNT_SET_GROUP)                              |
/// | V82 | $NA set-group: new mount API                                                                 |
/// </code>
/// </remarks>
[Collection(LabKernelGroup.Name)]
public sealed class PropagationVectorTests(LabTestEnvironment environment, ITestOutputHelper output)
{
    /// <summary>Every skipped vector and a phrase its reason must contain.</summary>
    private static readonly Dictionary<string, string> ExpectedSkips = new(StringComparer.Ordinal)
    {
        ["V26"] = "a user namespace (unshare -U",
        ["V28"] = "a user namespace (unshare -U",
        ["V29"] = "a user namespace (unshare -U",
        ["V52"] = "keeps a directory busy",
        ["V53"] = "keeps a directory busy",
        ["V77"] = "bg $CP starts chroot_pause",
        ["V79"] = "$NA uses the new mount API",
        ["V82"] = "$NA uses the new mount API",
    };

    public static TheoryData<string> ExecutableIds =>
        [.. VectorDocument.Vectors.Select(VectorTranslator.Translate).Where(t => t.Executable).Select(t => t.Vector.Id)];

    public static TheoryData<string> ExecutableMutantIds =>
        [.. VectorDocument.Mutants.Select(VectorTranslator.Translate).Where(t => t.Executable).Select(t => t.Vector.Id)];

    [Fact]
    public void Skipped_vectors_are_exactly_these()
    {
        List<TranslatedVector> all = [.. VectorDocument.Vectors.Select(VectorTranslator.Translate)];
        List<TranslatedVector> skipped = [.. all.Where(t => !t.Executable)];
        output.WriteLine($"{all.Count} vectors: {all.Count - skipped.Count} executed, {skipped.Count} skipped.");
        output.WriteLine("| ID  | Why it is skipped |");
        output.WriteLine("|-----|-------------------|");
        foreach (TranslatedVector t in skipped)
        {
            output.WriteLine($"| {t.Vector.Id} | {t.SkipReason} |");
        }

        // The document may grow (more vectors are checked elsewhere): the known skips stay skipped
        // for their reason, and any other skip must be for one of the same reasons.
        Assert.All(ExpectedSkips, known => Assert.Contains(
            known.Value,
            Assert.Single(all, t => t.Vector.Id == known.Key).SkipReason ?? "(executable)",
            StringComparison.Ordinal));
        Assert.All(skipped, t => Assert.Contains(
            ExpectedSkips.Values,
            reason => t.SkipReason!.Contains(reason, StringComparison.Ordinal)));
        Assert.True(all.Count - skipped.Count >= 47, $"only {all.Count - skipped.Count} vectors are executable");
    }

    [Theory]
    [MemberData(nameof(ExecutableIds))]
    public async Task Executable_vector(string id)
    {
        TranslatedVector vector = VectorTranslator.Translate(VectorDocument.Find(id));
        VectorRun run = await RunAsync(vector);

        IReadOnlyList<string> mismatches = VectorEvaluator.Evaluate(vector.Expect!, run.Observation);
        Assert.True(
            mismatches.Count == 0 && run.Problems.Count == 0,
            $"{vector.Vector}\n"
            + string.Concat(mismatches.Select(m => "mismatch: " + m + "\n"))
            + string.Concat(run.Problems.Select(p => "report: " + p + "\n"))
            + "observed:\n" + run.Observation.Describe());
    }

    [Theory]
    [MemberData(nameof(ExecutableMutantIds))]
    public async Task A_mutant_run_on_the_kernel_is_reported_as_a_mismatch(string id)
    {
        TranslatedVector mutant = VectorTranslator.Translate(VectorDocument.Mutants.Single(m => m.Id == id));
        VectorRun run = await RunAsync(mutant);

        Assert.Empty(run.Problems);
        IReadOnlyList<string> mismatches = VectorEvaluator.Evaluate(mutant.Expect!, run.Observation);
        foreach (string mismatch in mismatches)
        {
            output.WriteLine("caught: " + mismatch);
        }

        Assert.NotEmpty(mismatches);
    }

    private async Task<VectorRun> RunAsync(TranslatedVector vector)
    {
        foreach (LabStep step in vector.Setup)
        {
            output.WriteLine($"{step,-60} <- {step.Line}");
        }

        output.WriteLine($"{vector.Op,-60} <- {vector.Op!.Line}   (op)");
        VectorRun run = await RunInFreshEngineAsync(vector);

        foreach (string line in run.Log)
        {
            output.WriteLine(line);
        }

        output.WriteLine("observed:\n" + run.Observation.Describe());
        return run;
    }

    private async Task<VectorRun> RunInFreshEngineAsync(TranslatedVector vector)
    {
        await using LabEngine engine = environment.CreateEngine();
        using var operations = new LabOperations(engine);
        VectorRun run = await new VectorRunner(engine, operations).RunAsync(vector);
        Assert.Empty(engine.ListLabs());
        return run;
    }
}
