using System.Diagnostics;
using System.Globalization;
using System.Text;
using MountViz.Linux.Tests.Labs;
using Xunit.Abstractions;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// Differential testing of the simulator against the kernel: random operation sequences (2–4
/// namespaces, tmpfs mounts, bind, rbind, move, umount, make-*, pivot_root, clones with each propagation
/// option), each operation predicted from the lab's tables, run, and compared. A mismatch fails
/// with the sequence shrunk (steps dropped while it still mismatches, each try in a fresh lab)
/// and printed as command lines that reproduce it. The seed is printed; set
/// <c>MOUNTVIZ_DIFF_SEED</c> to rerun one, <c>MOUNTVIZ_SOAK_OPS=N</c> to run about N
/// operations instead of the CI size, and <c>MOUNTVIZ_DIFF_LENGTH</c> for longer sequences
/// (more state; slower to shrink).
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class DifferentialTests(LabTestEnvironment environment, ITestOutputHelper output)
{
    /// <summary>Steps per sequence by default: long enough for state to build up, short enough to shrink fast.</summary>
    private const int DefaultLength = 20;

    /// <summary>The CI size: 150 sequences of 20 steps, 3,000 operations (about 15 s).</summary>
    private const int CiSequences = 150;

    [Fact]
    public async Task The_simulator_predicts_what_the_kernel_does_for_random_operation_sequences()
    {
        int seed = Environment.GetEnvironmentVariable("MOUNTVIZ_DIFF_SEED") is string s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        int length = Environment.GetEnvironmentVariable("MOUNTVIZ_DIFF_LENGTH") is string l
            ? Math.Max(2, int.Parse(l, CultureInfo.InvariantCulture))
            : DefaultLength;
        int sequences = Environment.GetEnvironmentVariable("MOUNTVIZ_SOAK_OPS") is string soak
            ? Math.Max(1, int.Parse(soak, CultureInfo.InvariantCulture) / length)
            : CiSequences;
        output.WriteLine($"seed {seed} (MOUNTVIZ_DIFF_SEED={seed} reruns it), {sequences} sequences of {length} steps");
        var random = new Random(seed);
        var runner = new DifferentialRunner(environment);
        var unsupported = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int steps = 0;
        int compared = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < sequences; i++)
        {
            var generator = new SequenceGenerator(new Random(random.Next()), maxNamespaces: 2 + random.Next(3));
            SequenceRun run = await runner.GenerateAsync(generator, length);
            steps += run.Steps.Count;
            compared += run.Compared;
            foreach ((string reason, int count) in run.Unsupported)
            {
                unsupported[reason] = unsupported.GetValueOrDefault(reason) + count;
            }

            foreach ((string outcome, int count) in run.Outcomes)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + count;
            }

            if (run.Mismatch is not null)
            {
                output.WriteLine($"sequence {i} mismatched after {clock.Elapsed.TotalSeconds:F1} s; shrinking");
                (List<DiffStep> shrunk, string text) = await ShrinkAsync(runner, run);
                Assert.Fail(new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"The simulator disagrees with the kernel (seed {seed}, sequence {i}). Shrunk to {shrunk.Count} steps, which reproduce it in a new lab (namespace$ command; the last one mismatches):")
                    .AppendJoin('\n', shrunk.SelectMany(st => st.Lines))
                    .AppendLine()
                    .Append(text)
                    .ToString());
            }
        }

        output.WriteLine($"{steps} steps, {compared} predicted and matched, {steps - compared} without a prediction, in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} ×{o.Value}")));
        foreach ((string reason, int count) in unsupported.OrderByDescending(u => u.Value))
        {
            output.WriteLine($"  no prediction ×{count}: {reason}");
        }

        Assert.True(compared >= sequences * length / 2, $"only {compared} of {steps} steps had a prediction: the generator mostly makes operations the simulator does not model");
    }

    /// <summary>Greedy shrinking: cut after the mismatch, then drop each step in turn while the rest still mismatches.</summary>
    private async Task<(List<DiffStep> Steps, string Text)> ShrinkAsync(DifferentialRunner runner, SequenceRun failed)
    {
        (int index, string text) = failed.Mismatch!.Value;
        List<DiffStep> current = [.. failed.Steps.Take(index + 1)];
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = current.Count - 1; i >= 0; i--)
            {
                List<DiffStep> candidate = [.. current.Take(i), .. current.Skip(i + 1)];
                if (candidate.Count == 0)
                {
                    continue;
                }

                SequenceRun retry = await runner.ReplayAsync(candidate);
                if (retry.Mismatch is { } m)
                {
                    current = [.. retry.Steps.Take(m.Index + 1)];
                    text = m.Text;
                    progress = true;
                    i = Math.Min(i, current.Count);
                }
            }
        }

        output.WriteLine($"shrunk to {current.Count} steps");
        return (current, text);
    }
}
