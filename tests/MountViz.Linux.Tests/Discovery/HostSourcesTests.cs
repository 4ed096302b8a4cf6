using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Linux.Procfs;
using MountViz.Linux.Sources;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Sandboxing;
using MountViz.Linux.Tests.Watching;
using MountViz.Linux.Watching;

namespace MountViz.Linux.Tests.Discovery;

/// <summary>Host namespaces as live sources: listed, watched read-only, ended with their last process.</summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class HostSourcesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static MountSourcesOptions Fast => new()
    {
        HostScanInterval = TimeSpan.Zero,
        Watch = new MountWatchOptions { PeriodicInterval = TimeSpan.FromMilliseconds(200) },
    };

    [Fact]
    public void The_servers_namespace_is_listed_first_as_a_host_source()
    {
        using var sources = new MountSources(new NoLabs(), Fast);
        using Sandbox sandbox = NamespaceDiscoveryTests.StartSandbox();

        IReadOnlyList<SourceInfo> list = sources.List();

        SourceInfo server = list[0];
        ulong self = Kernel.NamespaceInode("self");
        Assert.Equal(HostSourceId.Format(self), server.Id);
        Assert.Equal("host", server.Kind);
        Assert.Equal(self, server.Inode);
        Assert.Contains(Environment.ProcessId, server.Pids);
        Assert.Null(server.LabId);
        Assert.Equal(server.Commands[server.RepresentativePid!.Value], server.Name);

        SourceInfo box = Assert.Single(list, s => s.Inode == NamespaceDiscoveryTests.InodeOf(sandbox.Namespace));
        Assert.Equal([sandbox.HolderPid], box.Pids.ToArray());
        Assert.Equal("sleep infinity", box.Name);
        Assert.Equal(sandbox.HolderPid, box.RepresentativePid);
        SourceInfo? again = sources.Find(box.Id);
        Assert.Equal(box.Id, again?.Id);
        Assert.Equal(box.Pids.ToArray(), again?.Pids.ToArray());
        Assert.Null(sources.Find("host.1"));
        Assert.Null(sources.Find("nonsense"));
        Assert.Throws<KeyNotFoundException>(() => sources.Subscribe("host.1"));
    }

    [Fact]
    public async Task The_servers_own_table_is_read_without_changing_anything()
    {
        await using var sources = new MountSources(new NoLabs(), Fast);
        string id = HostSourceId.Format(Kernel.NamespaceInode("self"));

        await using var probe = new ChangeProbe(sources.Subscribe(id));

        Assert.Equal(
            MountInfoReader.ReadPid(null).Mounts.Select(m => m.Id).Order(),
            probe.Snapshot.Mounts.Select(m => m.Id).Order());
        MountWatcher watcher = sources.FindWatcher(id)!;
        Assert.Null(watcher.LastError);
    }

    [Fact]
    public async Task A_mount_in_a_host_namespace_reaches_a_subscriber_and_the_stream_ends_with_its_last_process()
    {
        await using var sources = new MountSources(new NoLabs(), Fast);
        Sandbox sandbox = Sandbox.Start();
        try
        {
            string id = HostSourceId.Format(NamespaceDiscoveryTests.InodeOf(sandbox.Namespace));
            await using var probe = new ChangeProbe(sources.Subscribe(id));
            Assert.Contains(probe.Snapshot.Mounts, m => m.MountPoint == sandbox.Root && m.Source == Sandbox.RootSource);

            Assert.Equal(0, sandbox.RunInside("mkdir", $"{sandbox.Root}/seen").ExitCode);
            Assert.Equal(0, sandbox.RunInside("mount", "-t", "tmpfs", "mvz-host-watch", $"{sandbox.Root}/seen").ExitCode);
            (MountChange added, _) = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added, Patience, "the tmpfs in the host namespace");
            Assert.Equal($"{sandbox.Root}/seen", added.Mount.MountPoint);
            Assert.Equal("mvz-host-watch", added.Mount.Source);

            sandbox.Dispose();

            // The namespace's only process is gone: the next read finds no one to read through.
            Assert.True(await probe.EndsWithinAsync(Patience), "the stream did not end after the namespace's last process was killed");
            Assert.Equal(0, sources.WatchedCount);
        }
        finally
        {
            sandbox.Dispose();
        }
    }

    [Fact]
    public void A_namespace_without_processes_is_listed_but_cannot_be_watched()
    {
        using var sources = new MountSources(new NoLabs(), Fast);
        using PinnedNamespace pinned = PinnedNamespace.Create();
        ulong inode = pinned.Inode;

        SourceInfo source = Assert.Single(sources.List(), s => s.Inode == inode);
        Assert.Empty(source.Pids);
        Assert.Null(source.RepresentativePid);
        Assert.Equal([$"/proc/{pinned.Pin.HolderPid}/root{pinned.PathInPin}"], source.NsfsPaths.ToArray());

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => sources.Subscribe(source.Id));
        Assert.Contains("nsfs bind mount", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not enter host namespaces", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, sources.WatchedCount);
    }
}
