using System.Collections.Immutable;
using System.Diagnostics;
using MountViz.Linux.Discovery;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Discovery;

/// <summary>Host namespace discovery on the real kernel, against namespaces the tests make.</summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class NamespaceDiscoveryTests
{
    [Fact]
    public void Finds_the_servers_namespace_and_a_sandbox_namespace_with_its_process_and_command()
    {
        using Sandbox sandbox = StartSandbox();
        ulong sandboxInode = InodeOf(sandbox.Namespace);

        ImmutableArray<DiscoveredNamespace> found = NamespaceDiscovery.Scan();

        DiscoveredNamespace server = found[0];
        Assert.True(server.IsServerNamespace);
        Assert.Equal(Kernel.NamespaceInode("self"), server.Inode);
        Assert.Contains(server.Processes, p => p.Pid == Environment.ProcessId);
        Assert.NotNull(server.RepresentativePid);
        Assert.Null(server.LabSourceId);
        Assert.Single(found, n => n.IsServerNamespace);

        DiscoveredNamespace box = Assert.Single(found, n => n.Inode == sandboxInode);
        Assert.False(box.IsServerNamespace);
        DiscoveredProcess holder = Assert.Single(box.Processes);
        Assert.Equal(sandbox.HolderPid, holder.Pid);
        Assert.Equal("sleep infinity", holder.Command);
        Assert.Equal(sandbox.HolderPid, box.RepresentativePid);
        Assert.Equal("sleep infinity", box.DisplayName);
        Assert.Empty(box.NsfsPaths);

        // Every process of the machine is in exactly one namespace.
        Assert.Equal(found.Sum(n => n.Processes.Length), found.SelectMany(n => n.Processes).Select(p => p.Pid).Distinct().Count());
    }

    [Fact]
    public void A_namespace_is_gone_from_the_scan_once_its_process_is_killed()
    {
        Sandbox sandbox = StartSandbox();
        int pid = sandbox.HolderPid;
        Assert.Contains(NamespaceDiscovery.Scan(), n => n.Processes.Any(p => p.Pid == pid));

        sandbox.Dispose();

        // By PID: the inode may be handed to a new namespace at once.
        Assert.DoesNotContain(NamespaceDiscovery.Scan(), n => n.Processes.Any(p => p.Pid == pid && p.Command == "sleep infinity"));
    }

    [Fact]
    public void The_representative_is_a_process_whose_root_is_the_namespaces_root_not_a_chrooted_one()
    {
        using var ns = new ChrootedNamespace();
        Assert.True(ns.ChrootedPid < ns.FreePid);

        DiscoveredNamespace found = Assert.Single(NamespaceDiscovery.Scan(), n => n.Inode == ns.Inode);

        Assert.Equal([ns.ChrootedPid, ns.FreePid], found.Processes.Select(p => p.Pid));
        Assert.Equal(ns.FreePid, found.RepresentativePid);
        Assert.False(NamespaceDiscovery.RootIsNamespaceRoot("/proc", ns.ChrootedPid));
        Assert.True(NamespaceDiscovery.RootIsNamespaceRoot("/proc", ns.FreePid));
        Assert.Equal(ns.FreePid, NamespaceDiscovery.FindRepresentative(ns.Inode));

        // What the representative sees is the whole namespace; the chrooted one sees only its jail.
        int whole = MountViz.Linux.Procfs.MountInfoReader.ReadPid(ns.FreePid).Mounts.Length;
        int jailed = MountViz.Linux.Procfs.MountInfoReader.ReadPid(ns.ChrootedPid).Mounts.Length;
        Assert.True(jailed < whole, $"chrooted sees {jailed} mounts, the namespace has {whole}");
    }

    [Fact]
    public void A_namespace_kept_alive_only_by_an_nsfs_bind_mount_is_found_without_processes()
    {
        using PinnedNamespace pinned = PinnedNamespace.Create();

        DiscoveredNamespace found = Assert.Single(NamespaceDiscovery.Scan(), n => n.Inode == pinned.Inode);
        Assert.Empty(found.Processes);
        Assert.Null(found.RepresentativePid);
        string path = $"/proc/{pinned.Pin.HolderPid}/root{pinned.PathInPin}";
        Assert.Equal([path], found.NsfsPaths.ToArray());
        Assert.Equal($"nsfs {path}", found.DisplayName);

        // The path reaches the namespace from here: it is what `nsenter --mount=PATH` takes.
        Assert.Equal(pinned.Inode, MountViz.Linux.Interop.Syscalls.Identity(path).Inode);

        // Looking only in the server's namespace does not find a pin inside another one.
        Assert.DoesNotContain(NamespaceDiscovery.Scan(new NamespaceDiscoveryOptions { NsfsInEveryNamespace = false }), n => n.Inode == pinned.Inode);
    }

    [Fact]
    public void Lab_namespaces_are_marked_with_their_source_id()
    {
        using Sandbox sandbox = Sandbox.Start();
        ulong inode = InodeOf(sandbox.Namespace);
        var options = new NamespaceDiscoveryOptions { LabNamespaces = new Dictionary<ulong, string> { [inode] = "lab.0123abcd.base" } };

        ImmutableArray<DiscoveredNamespace> found = NamespaceDiscovery.Scan(options);

        Assert.Equal("lab.0123abcd.base", Assert.Single(found, n => n.Inode == inode).LabSourceId);
        Assert.All(found.Where(n => n.Inode != inode), n => Assert.Null(n.LabSourceId));
    }

    [Fact]
    public async Task Scanning_while_processes_come_and_go_does_not_fail()
    {
        // Short-lived processes in namespaces of their own: they end during the scans.
        using var stop = new CancellationTokenSource();
        Task<int> churn = Task.Run(() =>
        {
            int started = 0;
            while (!stop.IsCancellationRequested)
            {
                using Process process = ProcessLauncher.Start(new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "true"]) { UseShellExecute = false });
                process.WaitForExit();
                started++;
            }

            return started;
        });

        int scans = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3) || scans < 20)
        {
            ImmutableArray<DiscoveredNamespace> found = NamespaceDiscovery.Scan();
            Assert.Contains(found, n => n.IsServerNamespace);
            Assert.All(found, n => Assert.Equal(n.Processes.OrderBy(p => p.Pid).Select(p => p.Pid), n.Processes.Select(p => p.Pid)));
            scans++;
        }

        await stop.CancelAsync();
        Assert.True(await churn > 0);
    }

    [Theory]
    [InlineData("mnt:[4026531841]", true, 4026531841UL)]
    [InlineData("mnt:[]", false, 0UL)]
    [InlineData("net:[4026531840]", false, 0UL)]
    [InlineData("mnt:[12x]", false, 0UL)]
    [InlineData("mnt:[-1]", false, 0UL)]
    public void Namespace_links_parse(string text, bool ok, ulong inode)
    {
        Assert.Equal(ok, NamespaceDiscovery.TryParseMountNamespace(text, out ulong parsed));
        Assert.Equal(inode, parsed);
    }

    /// <summary>Starts a sandbox and waits until its holder has exec'd its final command (it says "ready" just before).</summary>
    internal static Sandbox StartSandbox()
    {
        Sandbox sandbox = Sandbox.Start();
        if (!Kernel.WaitUntil(() => Kernel.CommandLine(sandbox.HolderPid) == "sleep infinity", TimeSpan.FromSeconds(10)))
        {
            sandbox.Dispose();
            throw new InvalidOperationException("The sandbox holder did not exec sleep.");
        }

        return sandbox;
    }

    internal static ulong InodeOf(string link)
    {
        Assert.True(NamespaceDiscovery.TryParseMountNamespace(link, out ulong inode), link);
        return inode;
    }
}
