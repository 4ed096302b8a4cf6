using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Sources;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Watching;

namespace MountViz.Linux.Tests.Watching;

/// <summary>
/// An outside mount (a mount(2) made in the namespace by a thread that is not the watcher's, and
/// <c>nsenter -t PID -m mount</c> as a user types it) reaches a subscriber through the wake-up
/// path (poll POLLPRI or fanotify), not through the periodic re-read, which is only the
/// fallback. How fast is a benchmark's question (tests/MountViz.Benchmarks/Labs), not a test's.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class OutsideChangeLatencyTests(LabTestEnvironment environment)
{
    private const int Tries = 4;

    // Guards against a hang only: a lost change would otherwise wait forever.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_outside_mount_reaches_a_subscriber_through_the_wake_up_path_not_the_periodic_read()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine);
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            string workspace = ns.WorkspacePath;
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;

            // The mount(2) call itself, made inside the namespace on the lab's executor thread.
            await using (LabSession session = await engine.OpenSessionAsync(lab.Id))
            {
                for (int i = 0; i < Tries; i++)
                {
                    string target = $"{workspace}/s{i}";
                    await session.RunInNamespaceAsync("base", _ =>
                    {
                        Syscalls.MakeDirectory(target, 0b111_101_101);
                        Syscalls.Mount("mvz-outside", target, "tmpfs", MountFlags.None, "size=64k");
                        return true;
                    });
                    string labPath = $"/s{i}";
                    (MountChange change, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
                    Assert.Equal("tmpfs", change.Mount.FsType);
                }
            }

            // The terminal experience: nsenter + mount(8).
            for (int i = 0; i < Tries; i++)
            {
                string labPath = $"/n{i}";
                Nsenter.Run(ns.Pid, "mkdir", $"{workspace}{labPath}");
                Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "-o", "size=64k", "mvz-outside", $"{workspace}{labPath}");
                await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
            }

            Assert.True(watcher.Counters.ChangesFoundBy(WakeReason.Poll) + watcher.Counters.ChangesFoundBy(WakeReason.Fanotify) > 0, watcher.Counters.ToString());
            Assert.Equal(0, watcher.Counters.ChangesFoundBy(WakeReason.Periodic));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }
}
