using System.Diagnostics;
using MountViz.Core.Labs;
using MountViz.Linux.Tests.Labs;
using Xunit.Abstractions;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// The round trip of an operation (command in, every namespace re-read and diffed, result out)
/// with 3 peer namespaces of about 200 mounts each, as the performance scenario; the
/// figures go to the test output.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class RoundTripTests(LabTestEnvironment environment, ITestOutputHelper output)
{
    [Fact]
    public async Task Round_trips_with_three_namespaces_of_200_mounts()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation unchanged n2");
        await lab.Ok("unshare -m --propagation unchanged n3");
        int extra = 200 - lab.Mounts().All.Mounts.Length;
        await lab.Ok("mkdir " + string.Join(' ', Enumerable.Range(0, extra).Select(i => $"/m{i}")));
        for (int i = 0; i < extra; i++)
        {
            await lab.Ok($"mount -t tmpfs m{i} /m{i}");
        }

        Assert.All(lab.Lab.Namespaces.Select(n => n.Name).Append("n2").Append("n3").Distinct(), n => Assert.Equal(200, lab.Mounts(n).All.Mounts.Length));
        await lab.Ok("mkdir /m0/x");

        // Warm up (JIT tiers) before measuring.
        await Measure(60, i => lab.Ok(i % 2 == 0 ? "mount --make-private /m2" : "mount --make-shared /m2"));

        List<double> toggle = await Measure(100, i => lab.Ok(i % 2 == 0 ? "mount --make-private /m1" : "mount --make-shared /m1"));
        List<double> mount = await Measure(100, i => lab.Ok(i % 2 == 0 ? "mount -t tmpfs x /m0/x" : "umount /m0/x"));
        List<double> mkdir = await Measure(100, i => lab.Ok($"mkdir /d{i}"));
        output.WriteLine($"make-private/make-shared: {Describe(toggle)}");
        output.WriteLine($"mount/umount propagating to 3 namespaces: {Describe(mount)}");
        output.WriteLine($"mkdir: {Describe(mkdir)}");

        // Generous bounds: a regression to whole-second round trips fails, a busy machine does not.
        Assert.True(Percentile(toggle, 0.5) < 100, Describe(toggle));
        Assert.True(Percentile(mount, 0.5) < 100, Describe(mount));
    }

    private static async Task<List<double>> Measure(int count, Func<int, Task<OperationResult>> run)
    {
        var times = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await run(i);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    }

    private static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Describe(List<double> times) =>
        FormattableString.Invariant($"p50 {Percentile(times, 0.5):F2} ms, p99 {Percentile(times, 0.99):F2} ms, max {times.Max():F2} ms over {times.Count}");
}
