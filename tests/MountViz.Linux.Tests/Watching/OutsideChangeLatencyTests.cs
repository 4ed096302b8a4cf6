using System.Diagnostics;
using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Sources;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Watching;
using Xunit.Abstractions;

namespace MountViz.Linux.Tests.Watching;

/// <summary>
/// How long an outside mount takes to reach a subscriber (issue target: p50 under 20 ms), with
/// the default watcher (fanotify where available, poll, periodic fallback) and its 50 ms
/// batch pacing. Tries are spaced further apart than the pacing interval, so each measures a
/// first change after a quiet spell. Two figures: to the feed (the watcher's own part, on its
/// thread) and to the subscriber (plus a thread-pool hop into the subscriber's iterator; on a
/// loaded 2-core machine the test host's pool sometimes takes its ~0.5-1 s starvation step
/// there, which shows in the subscriber p99 only).
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class OutsideChangeLatencyTests(LabTestEnvironment environment, ITestOutputHelper output)
{
    private const int Tries = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_outside_mount_reaches_a_subscriber_within_milliseconds()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine);
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            string workspace = ns.WorkspacePath;

            // The mount(2) call itself, made inside the namespace by a thread that is not the
            // watcher's: the clock starts right before the syscall.
            var syscall = new List<double>();
            var published = new List<double>();
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            await using (LabSession session = await engine.OpenSessionAsync(lab.Id))
            {
                await session.RunInNamespaceAsync("base", _ =>
                {
                    for (int i = 0; i < Tries; i++)
                    {
                        Syscalls.MakeDirectory($"{workspace}/s{i}", 0b111_101_101);
                    }

                    return true;
                });
                for (int i = 0; i < Tries; i++)
                {
                    string target = $"{workspace}/s{i}";
                    long start = await session.RunInNamespaceAsync("base", _ =>
                    {
                        long now = Stopwatch.GetTimestamp();
                        Syscalls.Mount("mvz-latency", target, "tmpfs", MountFlags.None, "size=64k");
                        return now;
                    });
                    string labPath = $"/s{i}";
                    (_, long at) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
                    syscall.Add(Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);

                    // The watcher stamps the publish right after handing the batch over, so the
                    // subscriber may be a hair faster than the stamp.
                    Assert.True(Kernel.WaitUntil(() => watcher.Counters.LastChangePublishedAt > start, Patience));
                    published.Add(Stopwatch.GetElapsedTime(start, watcher.Counters.LastChangePublishedAt).TotalMilliseconds);
                    await Task.Delay(80);
                }
            }

            // The whole terminal experience: starting nsenter + mount(8) included.
            var terminal = new List<double>();
            for (int i = 0; i < 20; i++)
            {
                string labPath = $"/n{i}";
                Nsenter.Run(ns.Pid, "mkdir", $"{workspace}{labPath}");
                long start = Stopwatch.GetTimestamp();
                Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "-o", "size=64k", "mvz-latency", $"{workspace}{labPath}");
                (_, long at) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
                terminal.Add(Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
                await Task.Delay(80);
            }

            output.WriteLine($"mount(2) in the namespace -> subscriber, {syscall.Count} tries: {Summary(syscall)}");
            output.WriteLine($"mount(2) in the namespace -> published to the feed (watcher side only): {Summary(published)}");
            output.WriteLine($"nsenter + mount(8) started -> subscriber, {terminal.Count} tries: {Summary(terminal)}");
            output.WriteLine($"fanotify active: {watcher.FanotifyActive}; {watcher.Counters}");
            output.WriteLine($"slowest mount(2) tries (try: ms): {string.Join(", ", syscall.Select((ms, i) => (ms, i)).OrderByDescending(t => t.ms).Take(3).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.i}: {t.ms:F1}")))}");

            // Far above the measured figures (see the output): only a broken wake-up path, left to
            // the 1 s periodic re-read, fails this.
            Assert.True(Percentile(syscall, 50) < 100, Summary(syscall));
            Assert.Equal(0, watcher.Counters.ChangesFoundBy(WakeReason.Periodic));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    private static string Summary(List<double> samples) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {Percentile(samples, 50):F2} ms, p90 {Percentile(samples, 90):F2} ms, p99 {Percentile(samples, 99):F2} ms, min {samples.Min():F2} ms, max {samples.Max():F2} ms");

    private static double Percentile(List<double> samples, int percent)
    {
        double[] sorted = [.. samples.Order()];
        int index = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
