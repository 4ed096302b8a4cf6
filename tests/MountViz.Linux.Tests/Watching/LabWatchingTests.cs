using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Labs;
using MountViz.Linux.Sources;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Watching;

namespace MountViz.Linux.Tests.Watching;

/// <summary>
/// Live lab sources on the real kernel: changes made from outside with <c>nsenter</c> reach a
/// subscriber, through each wake-up mechanism; propagation changes through the periodic
/// re-read or a refresh; streams end with their namespace; watchers stop with their last subscriber.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class LabWatchingTests(LabTestEnvironment environment)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A watcher counter once it reaches <paramref name="expected"/> (or after the patience): the
    /// watcher counts a read's changes just after handing them to the feed, so a subscriber can see
    /// a change an instant before it is counted.
    /// </summary>
    private static long CountSoon(Func<long> read, long expected)
    {
        SpinWait.SpinUntil(() => read() >= expected, Patience);
        return read();
    }

    /// <summary>No periodic re-read: only a wake-up can deliver a change.</summary>
    private static readonly MountWatchOptions WakeUpsOnly = new() { PeriodicInterval = Timeout.InfiniteTimeSpan };

    private static bool KernelHasMountEvents => Environment.OSVersion.Version >= new Version(6, 15);

    [Fact]
    public async Task A_mount_made_with_nsenter_reaches_a_subscriber_as_added_and_its_unmount_as_removed()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine);
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            MountInfo root = Assert.Single(probe.Snapshot.Mounts);
            Assert.Equal("/", root.MountPoint);

            Nsenter.Run(ns.Pid, "mkdir", "-p", $"{ns.WorkspacePath}/outside");
            Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "-o", "size=1m", "mvz-outside", $"{ns.WorkspacePath}/outside");

            // The workspace view: lab paths, so the mount is /outside.
            (MountChange added, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added, Patience, "the added tmpfs");
            Assert.Equal("/outside", added.Mount.MountPoint);
            Assert.Equal("mvz-outside", added.Mount.Source);
            Assert.Equal("tmpfs", added.Mount.FsType);
            Assert.Equal(root.Id, added.Mount.ParentId);

            Nsenter.Run(ns.Pid, "umount", $"{ns.WorkspacePath}/outside");
            (MountChange removed, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Removed, Patience, "the removal");
            Assert.Equal(added.Mount.Id, removed.Mount.Id);

            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            Assert.True(watcher.PollActive);
            Assert.Null(watcher.LastError);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Fanotify_mount_events_wake_the_watcher_on_kernels_that_have_them()
    {
        await using LabEngine engine = environment.CreateEngine();

        // Poll off and no periodic re-read: fanotify is the only way the change can arrive.
        await using var sources = new MountSources(engine, new MountSourcesOptions { Watch = WakeUpsOnly with { UsePoll = false } });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            Assert.False(watcher.PollActive);
            if (!KernelHasMountEvents)
            {
                // Older kernels: the watcher falls back silently and says why.
                Assert.False(watcher.FanotifyActive);
                Assert.NotNull(watcher.FanotifyUnavailable);
                return;
            }

            Assert.True(watcher.FanotifyActive, watcher.FanotifyUnavailable);
            Nsenter.Run(ns.Pid, "mkdir", "-p", $"{ns.WorkspacePath}/f");
            Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "mvz-fanotify", $"{ns.WorkspacePath}/f");
            await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == "/f", Patience, "the tmpfs, through fanotify");
            Nsenter.Run(ns.Pid, "umount", $"{ns.WorkspacePath}/f");
            await probe.WaitForAsync(c => c.Kind == MountChangeKind.Removed && c.Mount.MountPoint == "/f", Patience, "the removal, through fanotify");

            Assert.True(CountSoon(() => watcher.Counters.ChangesFoundBy(WakeReason.Fanotify), 1) >= 1, watcher.Counters.ToString());
            Assert.True(watcher.Counters.FanotifyEvents >= 2, watcher.Counters.ToString());
            Assert.Equal(0, watcher.Counters.PollWakeups);
            Assert.Equal(0, watcher.Counters.PeriodicReads);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Poll_on_mountinfo_alone_delivers_changes()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine, new MountSourcesOptions { Watch = WakeUpsOnly with { UseFanotify = false } });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            Assert.False(watcher.FanotifyActive);
            Assert.Contains("turned off", watcher.FanotifyUnavailable, StringComparison.Ordinal);

            Nsenter.Run(ns.Pid, "mkdir", "-p", $"{ns.WorkspacePath}/p");
            Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "mvz-poll", $"{ns.WorkspacePath}/p");
            await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == "/p", Patience, "the tmpfs, through poll");

            Assert.True(CountSoon(() => watcher.Counters.ChangesFoundBy(WakeReason.Poll), 1) >= 1, watcher.Counters.ToString());
            Assert.True(watcher.Counters.PollWakeups >= 1);
            Assert.Equal(0, watcher.Counters.FanotifyWakeups);
            Assert.Equal(0, watcher.Counters.PeriodicReads);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_mount_propagated_from_a_peer_namespace_reaches_the_peers_subscriber()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine, new MountSourcesOptions { Watch = WakeUpsOnly });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo clone = await engine.CreateNamespaceAsync(lab.Id, "peer", "base", NamespacePropagation.Unchanged);
            LabNamespaceInfo origin = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(clone.SourceId));

            Nsenter.Run(origin.Pid, "mkdir", "-p", $"{origin.WorkspacePath}/shared");
            Nsenter.Run(origin.Pid, "mount", "-t", "tmpfs", "mvz-propagated", $"{origin.WorkspacePath}/shared");

            (MountChange added, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added, Patience, "the propagated tmpfs");
            Assert.Equal("/shared", added.Mount.MountPoint);
            Assert.Equal("mvz-propagated", added.Mount.Source);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_propagation_change_wakes_nothing_and_is_caught_by_the_periodic_reread()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine, new MountSourcesOptions { Watch = new MountWatchOptions { PeriodicInterval = TimeSpan.FromMilliseconds(300) } });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));
            Nsenter.Run(ns.Pid, "mkdir", "-p", $"{ns.WorkspacePath}/x");
            Nsenter.Run(ns.Pid, "mount", "-t", "tmpfs", "mvz-x", $"{ns.WorkspacePath}/x");
            (MountChange added, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added, Patience, "the tmpfs");
            // Mounted under the shared workspace root, so shared itself.
            Assert.Equal(Propagation.Shared, added.Mount.Propagation);
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            long before = watcher.Counters.ChangesFoundBy(WakeReason.Periodic);

            Nsenter.Run(ns.Pid, "mount", "--make-private", $"{ns.WorkspacePath}/x");

            (MountChange changed, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.PropagationChanged, Patience, "the propagation change");
            Assert.Equal(added.Mount.Id, changed.Mount.Id);
            Assert.Equal(Propagation.Private, changed.Mount.Propagation);
            Assert.Equal(Propagation.Shared, changed.Before!.Propagation);
            Assert.Equal(before + 1, CountSoon(() => watcher.Counters.ChangesFoundBy(WakeReason.Periodic), before + 1));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Without_the_periodic_reread_a_propagation_change_arrives_only_on_refresh()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine, new MountSourcesOptions { Watch = WakeUpsOnly });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = lab.Namespaces[0];
            await using var probe = new ChangeProbe(sources.Subscribe(ns.SourceId));

            // make-private on the workspace root: neither poll nor fanotify hears of it...
            Nsenter.Run(ns.Pid, "mount", "--make-private", ns.WorkspacePath);
            Assert.Empty(await probe.CollectAsync(TimeSpan.FromSeconds(1)));

            // ...until the operation executor (here: the test) asks for a refresh.
            await sources.RefreshAsync(ns.SourceId).WaitAsync(Patience);
            (MountChange changed, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.PropagationChanged, Patience, "the refreshed change");
            Assert.Equal("/", changed.Mount.MountPoint);
            Assert.Equal(Propagation.Private, changed.Mount.Propagation);
            MountWatcher watcher = sources.FindWatcher(ns.SourceId)!;
            Assert.Equal(1, watcher.Counters.ChangesFoundBy(WakeReason.Refresh));
            Assert.Equal(0, watcher.Counters.PeriodicReads);

            // A refresh of a source nobody watches has nothing to do.
            await sources.RefreshAsync("lab.00000000.nobody").WaitAsync(Patience);
            await sources.RefreshLabAsync(lab.Id).WaitAsync(Patience);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Deleting_the_namespace_or_the_lab_ends_its_subscribers_streams()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine);
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo clone = await engine.CreateNamespaceAsync(lab.Id, "doomed", "base", NamespacePropagation.Private);
            await using var cloneProbe = new ChangeProbe(sources.Subscribe(clone.SourceId));
            await using var baseProbe = new ChangeProbe(sources.Subscribe(lab.Namespaces[0].SourceId));
            Assert.Equal(2, sources.WatchedCount);

            await engine.DeleteNamespaceAsync(lab.Id, "doomed");
            Assert.True(await cloneProbe.EndsWithinAsync(Patience));
            Assert.False(baseProbe.Ended);
            Assert.Equal(1, sources.WatchedCount);
            Assert.Throws<KeyNotFoundException>(() => sources.Subscribe(clone.SourceId));
            Assert.Null(sources.Find(clone.SourceId));

            await engine.DeleteLabAsync(lab.Id);
            Assert.True(await baseProbe.EndsWithinAsync(Patience));
            Assert.Equal(0, sources.WatchedCount);
        }
        finally
        {
            if (engine.FindLab(lab.Id) is not null)
            {
                await engine.DeleteLabAsync(lab.Id);
            }
        }
    }

    [Fact]
    public async Task A_watcher_runs_while_someone_subscribes_and_stops_with_the_last_subscriber()
    {
        await using LabEngine engine = environment.CreateEngine();
        await using var sources = new MountSources(engine);
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            string id = lab.Namespaces[0].SourceId;
            Assert.Equal(0, sources.WatchedCount);
            IReadOnlyList<Core.Sources.SourceInfo> listed = sources.List();
            Assert.Contains(listed, s => s.Id == id && s.Kind == "lab" && s.LabId == lab.Id && s.Pids.SequenceEqual([lab.Namespaces[0].Pid]));

            // The holder's namespace is the lab's, not one more host namespace; the server's own is a host one.
            Assert.DoesNotContain(listed, s => s.Kind == "host" && s.Inode == lab.Namespaces[0].Inode);
            Assert.Equal($"host.{LabTestEnvironment.HostInode}", listed[0].Id);
            Assert.Equal(id, sources.Find(id)?.Id);

            await using (var first = new ChangeProbe(sources.Subscribe(id)))
            {
                MountWatcher watcher = sources.FindWatcher(id)!;
                await using (var second = new ChangeProbe(sources.Subscribe(id)))
                {
                    // One watcher and one feed for both.
                    Assert.Same(watcher, sources.FindWatcher(id));
                    Assert.Equal(2, watcher.Feed.SubscriberCount);
                }

                Assert.Equal(1, watcher.Feed.SubscriberCount);
                Assert.False(watcher.IsEnded);
            }

            Assert.Equal(0, sources.WatchedCount);
            Assert.Null(sources.FindWatcher(id));

            // A cancelled subscription stops it too, without anyone reading.
            using var cancel = new CancellationTokenSource();
            _ = sources.Subscribe(id, cancel.Token);
            MountWatcher again = sources.FindWatcher(id)!;
            await cancel.CancelAsync();
            Assert.Equal(0, sources.WatchedCount);
            Assert.True(again.IsEnded);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }
}
