using MountViz.Core.Model;
using MountViz.Linux.Procfs;
using MountViz.Linux.Tests.Discovery;
using MountViz.Linux.Tests.Sandboxing;
using MountViz.Linux.Watching;

namespace MountViz.Linux.Tests.Watching;

/// <summary>The watcher thread on its own, against sandbox namespaces: failures, shutdown, and what it refuses.</summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class MountWatchLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Disposing_the_loop_stops_every_watcher_and_ends_their_streams()
    {
        using Sandbox sandbox = Sandbox.Start();
        var loop = new MountWatchLoop();
        MountWatcher watcher = loop.Watch(sandbox.HolderPid, NamespaceDiscoveryTests.InodeOf(sandbox.Namespace), sandbox.ReadMountTable);
        await using var probe = new ChangeProbe(watcher.Feed.Subscribe());
        Assert.Equal(1, loop.WatcherCount);
        Assert.Contains(probe.Snapshot.Mounts, m => m.MountPoint == sandbox.Root);

        Assert.Equal(0, sandbox.RunInside("mount", "-t", "tmpfs", "mvz-loop", $"{sandbox.Root}").ExitCode);
        await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.Source == "mvz-loop", Patience, "the tmpfs");

        loop.Dispose();

        Assert.True(await probe.EndsWithinAsync(Patience));
        Assert.True(watcher.IsEnded);
        Assert.Null(watcher.EndReason);
        Assert.Equal(0, loop.WatcherCount);
        Assert.Null(loop.Fault);
        Assert.Throws<ObjectDisposedException>(() => loop.Watch(sandbox.HolderPid, 1, sandbox.ReadMountTable));
        await watcher.RefreshAsync().WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failing_read_is_counted_and_retried_and_a_gone_source_ends_the_watcher()
    {
        using Sandbox sandbox = Sandbox.Start();
        using var loop = new MountWatchLoop();
        int reads = 0;
        bool gone = false;
        MountTable Read()
        {
            int read = Interlocked.Increment(ref reads);
            if (Volatile.Read(ref gone))
            {
                throw new MountSourceGoneException("the test says so");
            }

            return read == 2 ? throw new IOException("a transient failure") : sandbox.ReadMountTable();
        }

        MountWatcher watcher = loop.Watch(sandbox.HolderPid, NamespaceDiscoveryTests.InodeOf(sandbox.Namespace), Read, new MountWatchOptions { PeriodicInterval = TimeSpan.FromMilliseconds(100) });
        int ended = 0;
        watcher.Ended += (_, _) => Interlocked.Increment(ref ended);

        // Read 2 fails; the periodic read after it succeeds again.
        Assert.True(Labs.Kernel.WaitUntil(() => watcher.Counters.Reads >= 3, Patience), watcher.Counters.ToString());
        Assert.Equal(1, watcher.Counters.Failures);
        Assert.Null(watcher.LastError);
        Assert.False(watcher.IsEnded);

        Volatile.Write(ref gone, true);
        Assert.True(Labs.Kernel.WaitUntil(() => Volatile.Read(ref ended) == 1, Patience));
        Assert.True(watcher.IsEnded);
        Assert.IsType<MountSourceGoneException>(watcher.EndReason);
        Assert.True(watcher.Feed.IsCompleted);
        Assert.Equal(1, ended);
        Assert.Equal(0, loop.WatcherCount);
        await watcher.RefreshAsync().WaitAsync(Patience);
    }

    [Fact]
    public void Watching_through_a_process_that_is_not_in_the_namespace_is_refused()
    {
        using Sandbox sandbox = Sandbox.Start();
        using var loop = new MountWatchLoop();
        ulong other = Labs.Kernel.NamespaceInode("self");

        MountSourceGoneException wrong = Assert.Throws<MountSourceGoneException>(() => loop.Watch(sandbox.HolderPid, other, sandbox.ReadMountTable));
        Assert.Contains($"not mnt:[{other}]", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(0, loop.WatcherCount);

        int dead = sandbox.HolderPid;
        ulong inode = NamespaceDiscoveryTests.InodeOf(sandbox.Namespace);
        sandbox.Dispose();
        Assert.Throws<MountSourceGoneException>(() => loop.Watch(dead, inode, () => MountInfoReader.ReadPid(dead)));
        Assert.Equal(0, loop.WatcherCount);
    }

    [Fact]
    public void The_loop_is_not_created_inside_another_mount_namespace()
    {
        using Sandbox sandbox = Sandbox.Start();

        InvalidOperationException refused = sandbox.Run(_ => Assert.Throws<InvalidOperationException>(() => new MountWatchLoop()));

        Assert.Contains("server's own mount namespace", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_checked()
    {
        using var loop = new MountWatchLoop();
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.Watch(Environment.ProcessId, 1, () => MountInfoReader.ReadPid(null), new MountWatchOptions { PeriodicInterval = TimeSpan.Zero }));
        Assert.Equal(0, loop.WatcherCount);
    }
}
