using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Tests.Labs;

/// <summary>Labs, namespaces and holders on the real kernel (as root).</summary>
[Collection(LabKernelGroup.Name)]
public sealed class LabEngineTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task A_lab_has_a_base_namespace_that_is_not_the_hosts()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = Assert.Single(lab.Namespaces);
            Assert.Equal("base", ns.Name);
            Assert.Equal($"lab.{lab.Id}.base", ns.SourceId);
            Assert.Matches("^[0-9a-f]{8}$", lab.Id);
            Assert.NotEqual(LabTestEnvironment.HostInode, ns.Inode);

            // The holder is in the namespace: stat of its ns/mnt and the link agree with the engine.
            Assert.Equal(ns.Inode, Kernel.NamespaceInode(ns.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(ns.Inode, Syscalls.Identity($"/proc/{ns.Pid}/ns/mnt").Inode);
            Assert.StartsWith($"mountviz-holder lab={lab.Id} ns=base", Kernel.CommandLine(ns.Pid), StringComparison.Ordinal);
            Assert.True(ns.HolderAlive);
            Assert.Equal(environment.WorkspacePath, ns.WorkspacePath);
            Assert.Equal($"nsenter -t {ns.Pid} -m", ns.NsenterCommand);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task The_workspace_exists_in_the_lab_only_and_the_host_table_does_not_change()
    {
        byte[] selfBefore = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
        byte[] initBefore = ProcFiles.ReadAllBytes("/proc/1/mountinfo");
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabMountView view = engine.ReadMounts(lab.Id, "base");

            // In the lab: the shelf, then the workspace at lab '/', a shared tmpfs.
            MountInfo root = Assert.Single(view.Workspace.Mounts);
            Assert.Equal("/", root.MountPoint);
            Assert.Equal("tmpfs", root.FsType);
            Assert.Equal($"mountviz-lab-{lab.Id}", root.Source);
            Assert.NotNull(root.Shared);
            Assert.Equal(environment.WorkspacePath, view.Original(root)!.MountPoint);
            Assert.Contains(view.All.Mounts, m => m.MountPoint == environment.MountRoot && m.Source == "mountviz-shelf" && m.Propagation == Propagation.Private);

            // rslave first: nothing the lab inherited can send events back to the host.
            Assert.All(view.All.Mounts.Where(m => m.Id != root.Id), m => Assert.Null(m.Shared));

            // Not in the host.
            Assert.DoesNotContain(MountInfoReader.ReadPid(null).Mounts, m => m.MountPoint.StartsWith(environment.MountRoot, StringComparison.Ordinal));
            Assert.Empty(Directory.EnumerateFileSystemEntries(environment.MountRoot));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }

        Assert.Equal(selfBefore, ProcFiles.ReadAllBytes("/proc/self/mountinfo"));
        Assert.Equal(initBefore, ProcFiles.ReadAllBytes("/proc/1/mountinfo"));
    }

    [Theory]
    [InlineData(NamespacePropagation.Unchanged)]
    [InlineData(NamespacePropagation.Private)]
    [InlineData(NamespacePropagation.Slave)]
    [InlineData(NamespacePropagation.Shared)]
    public async Task A_clone_applies_its_propagation_option_to_its_copy_of_the_workspace(NamespacePropagation propagation)
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo clone = await engine.CreateNamespaceAsync(lab.Id, "c1", "base", propagation);
            Assert.Equal("c1", clone.Name);
            Assert.Equal("base", clone.ClonedFrom);
            Assert.Equal(propagation, clone.Propagation);
            Assert.NotEqual(lab.Namespaces[0].Inode, clone.Inode);
            Assert.NotEqual(LabTestEnvironment.HostInode, clone.Inode);
            Assert.Equal(clone.Inode, Kernel.TryNamespaceInode(clone.Pid));

            MountInfo original = WorkspaceRoot(engine.ReadMounts(lab.Id, "base"));
            MountInfo copy = WorkspaceRoot(engine.ReadMounts(lab.Id, "c1"));
            int group = original.Shared!.Value;
            switch (propagation)
            {
                case NamespacePropagation.Unchanged:
                    // The kernel's copy of a shared mount is a peer.
                    Assert.Equal(group, copy.Shared);
                    Assert.Null(copy.Master);
                    break;
                case NamespacePropagation.Private:
                    Assert.Null(copy.Shared);
                    Assert.Null(copy.Master);
                    break;
                case NamespacePropagation.Slave:
                    Assert.Null(copy.Shared);
                    Assert.Equal(group, copy.Master);
                    break;
                case NamespacePropagation.Shared:
                    // make-rshared on a copy that already is a peer changes nothing (mount-propagation.md c7),
                    // exactly as `unshare --propagation shared` behaves.
                    Assert.Equal(group, copy.Shared);
                    Assert.Null(copy.Master);
                    break;
            }

            // The base namespace's workspace is untouched by what the clone did to its copy.
            Assert.Equal(group, WorkspaceRoot(engine.ReadMounts(lab.Id, "base")).Shared);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_shared_clone_of_a_private_copy_gets_a_new_peer_group()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await engine.CreateNamespaceAsync(lab.Id, "p", "base", NamespacePropagation.Private);
            await engine.CreateNamespaceAsync(lab.Id, "s", "p", NamespacePropagation.Shared);
            int baseGroup = WorkspaceRoot(engine.ReadMounts(lab.Id, "base")).Shared!.Value;
            MountInfo privateCopy = WorkspaceRoot(engine.ReadMounts(lab.Id, "p"));
            MountInfo sharedCopy = WorkspaceRoot(engine.ReadMounts(lab.Id, "s"));
            Assert.Null(privateCopy.Shared);
            Assert.NotNull(sharedCopy.Shared);
            Assert.NotEqual(baseGroup, sharedCopy.Shared);
            Assert.Null(sharedCopy.Master);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_mount_in_the_base_workspace_reaches_peer_and_slave_clones_but_not_private_ones_or_the_host()
    {
        byte[] hostBefore = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await engine.CreateNamespaceAsync(lab.Id, "peer", "base", NamespacePropagation.Unchanged);
            await engine.CreateNamespaceAsync(lab.Id, "slave", "base", NamespacePropagation.Slave);
            await engine.CreateNamespaceAsync(lab.Id, "private", "base", NamespacePropagation.Private);
            await using (LabSession session = await engine.OpenSessionAsync(lab.Id))
            {
                await session.RunInNamespaceAsync("base", context =>
                {
                    (ConfinedPath parent, string name) = context.ResolveParent("/data");
                    using (parent)
                    {
                        Syscalls.MakeDirectoryAt(parent.Fd, name, 0b111_101_101);
                    }

                    // Through the resolved fd: the mount lands on the object that was resolved.
                    using ConfinedPath target = context.Resolve("/data");
                    Syscalls.Mount("lab-test", target.SyscallPath, "tmpfs", MountFlags.None, "size=1m");
                    return true;
                });
            }

            Assert.Contains(engine.ReadMounts(lab.Id, "base").Workspace.Mounts, m => m.MountPoint == "/data" && m.Source == "lab-test");
            Assert.Contains(engine.ReadMounts(lab.Id, "peer").Workspace.Mounts, m => m.MountPoint == "/data" && m.Source == "lab-test");
            Assert.Contains(engine.ReadMounts(lab.Id, "slave").Workspace.Mounts, m => m.MountPoint == "/data" && m.Source == "lab-test");
            Assert.DoesNotContain(engine.ReadMounts(lab.Id, "private").Workspace.Mounts, m => m.MountPoint == "/data");

            // The All view keeps the namespace's own path.
            Assert.Contains(engine.ReadMounts(lab.Id, "base").All.Mounts, m => m.MountPoint == environment.WorkspacePath + "/data");
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }

        Assert.Equal(hostBefore, ProcFiles.ReadAllBytes("/proc/self/mountinfo"));
    }

    [Fact]
    public async Task A_holder_is_enterable_with_nsenter_and_listed_by_lsns()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = await engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Unchanged);
            (int code, string stdout, string stderr) = Kernel.Run(
                "nsenter", "-t", $"{ns.Pid}", "-m", "findmnt", "-n", "-r", "-o", "TARGET,SOURCE,PROPAGATION", environment.WorkspacePath);
            Assert.True(code == 0, stderr);
            Assert.Equal($"{environment.WorkspacePath} mountviz-lab-{lab.Id} shared", stdout.Trim());

            // The host's findmnt does not know the workspace.
            Assert.NotEqual(0, Kernel.Run("findmnt", "-n", environment.WorkspacePath).ExitCode);

            (code, stdout, stderr) = Kernel.Run("lsns", "-t", "mnt", "-n", "-r", "-o", "NS,PID,COMMAND");
            Assert.True(code == 0, stderr);
            Assert.Contains($"{ns.Inode} {ns.Pid} mountviz-holder", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Deleting_a_namespace_or_a_lab_kills_its_holders_and_releases_the_namespaces()
    {
        await using LabEngine engine = environment.CreateEngine();
        var events = new List<LabEvent>();
        engine.Changed += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        LabInfo lab = await engine.CreateLabAsync();
        LabNamespaceInfo c1 = await engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Slave);
        LabNamespaceInfo c2 = await engine.CreateNamespaceAsync(lab.Id, "c2", "c1", NamespacePropagation.Private);
        LabNamespaceInfo baseNs = lab.Namespaces[0];

        await engine.DeleteNamespaceAsync(lab.Id, "c1");
        Assert.False(Kernel.IsHolderOf(c1.Pid, lab.Id));
        Assert.Empty(Kernel.OursIn([c1.Inode], [lab.Id]));
        Assert.Equal(["base", "c2"], engine.FindLab(lab.Id)!.Namespaces.Select(n => n.Name));
        Assert.True(Kernel.IsHolderOf(c2.Pid, lab.Id));

        LabException baseRefused = await Assert.ThrowsAsync<LabException>(() => engine.DeleteNamespaceAsync(lab.Id, "base"));
        Assert.Equal(LabErrorKind.Conflict, baseRefused.Kind);

        await engine.DeleteLabAsync(lab.Id);
        Assert.Null(engine.FindLab(lab.Id));
        Assert.Empty(engine.ListLabs());
        Assert.False(Kernel.IsHolderOf(baseNs.Pid, lab.Id));
        Assert.False(Kernel.IsHolderOf(c2.Pid, lab.Id));
        Assert.Empty(Kernel.OursIn([baseNs.Inode, c1.Inode, c2.Inode], [lab.Id]));
        Assert.DoesNotContain($"lab={lab.Id} ", Kernel.Run("lsns", "-t", "mnt", "-n", "-r", "-o", "NS,PID,COMMAND").Stdout, StringComparison.Ordinal);

        LabException gone = await Assert.ThrowsAsync<LabException>(() => engine.DeleteLabAsync(lab.Id));
        Assert.Equal(LabErrorKind.NotFound, gone.Kind);
        lock (events)
        {
            Assert.Equal(
                [LabEventKind.LabCreated, LabEventKind.NamespaceCreated, LabEventKind.NamespaceCreated, LabEventKind.NamespaceDeleted, LabEventKind.LabDeleted],
                events.Select(e => e.Kind));
        }
    }

    [Fact]
    public async Task Disposing_the_engine_kills_every_holder()
    {
        LabEngine engine = environment.CreateEngine();
        LabInfo first = await engine.CreateLabAsync();
        LabInfo second = await engine.CreateLabAsync();
        LabNamespaceInfo clone = await engine.CreateNamespaceAsync(second.Id, "c1", "base", NamespacePropagation.Unchanged);
        (int Pid, string Lab)[] holders = [(first.Namespaces[0].Pid, first.Id), (second.Namespaces[0].Pid, second.Id), (clone.Pid, second.Id)];
        Assert.All(holders, h => Assert.True(Kernel.IsHolderOf(h.Pid, h.Lab)));

        await engine.DisposeAsync();
        Assert.All(holders, h => Assert.False(Kernel.IsHolderOf(h.Pid, h.Lab)));
        Assert.Empty(Kernel.OursIn([first.Namespaces[0].Inode, second.Namespaces[0].Inode, clone.Inode], [first.Id, second.Id]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.CreateLabAsync());
    }

    [Fact]
    public async Task Caps_on_labs_and_namespaces_are_clear_errors()
    {
        await using LabEngine engine = environment.CreateEngine(new LabLimits { MaxLabs = 1, MaxNamespacesPerLab = 2 });
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabException labs = await Assert.ThrowsAsync<LabException>(() => engine.CreateLabAsync());
            Assert.Equal(LabErrorKind.LimitReached, labs.Kind);
            Assert.Contains("MaxLabs", labs.Message, StringComparison.Ordinal);

            await engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Private);
            LabException namespaces = await Assert.ThrowsAsync<LabException>(
                () => engine.CreateNamespaceAsync(lab.Id, "c2", "base", NamespacePropagation.Private));
            Assert.Equal(LabErrorKind.LimitReached, namespaces.Kind);
            Assert.Contains("MaxNamespacesPerLab", namespaces.Message, StringComparison.Ordinal);
            Assert.Equal(2, engine.FindLab(lab.Id)!.Namespaces.Length);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Bad_requests_name_what_is_wrong()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Unchanged);
            (LabErrorKind Kind, Func<Task> Call)[] cases =
            [
                (LabErrorKind.NotFound, () => engine.CreateNamespaceAsync(lab.Id, "c2", "nope", NamespacePropagation.Private)),
                (LabErrorKind.Conflict, () => engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Private)),
                (LabErrorKind.InvalidRequest, () => engine.CreateNamespaceAsync(lab.Id, "../x", "base", NamespacePropagation.Private)),
                (LabErrorKind.InvalidRequest, () => engine.CreateNamespaceAsync(lab.Id, "c3", "base", (NamespacePropagation)42)),
                (LabErrorKind.NotFound, () => engine.CreateNamespaceAsync("00000000", "c2", "base", NamespacePropagation.Private)),
                (LabErrorKind.NotFound, () => engine.DeleteNamespaceAsync(lab.Id, "nope")),
            ];
            foreach ((LabErrorKind kind, Func<Task> call) in cases)
            {
                LabException e = await Assert.ThrowsAsync<LabException>(call);
                Assert.Equal(kind, e.Kind);
            }

            Assert.Equal(LabErrorKind.NotFound, Assert.Throws<LabException>(() => engine.ReadMounts(lab.Id, "nope")).Kind);
            Assert.Null(engine.FindSource("lab.00000000.base"));
            Assert.Equal("c1", engine.FindSource($"lab.{lab.Id}.c1")!.Name);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_holder_killed_from_outside_is_reported_and_its_namespace_refused()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo ns = await engine.CreateNamespaceAsync(lab.Id, "victim", "base", NamespacePropagation.Unchanged);
            var lost = new TaskCompletionSource<LabEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            engine.Changed += (_, e) =>
            {
                if (e.Kind == LabEventKind.HolderExited)
                {
                    lost.TrySetResult(e);
                }
            };

            Assert.Equal(0, Kernel.Run("kill", "-KILL", $"{ns.Pid}").ExitCode);
            LabEvent change = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("victim", change.NamespaceName);
            Assert.False(engine.FindLab(lab.Id)!.Find("victim")!.HolderAlive);
            Assert.Equal(LabErrorKind.HolderLost, Assert.Throws<LabException>(() => engine.ReadMounts(lab.Id, "victim")).Kind);
            LabException clone = await Assert.ThrowsAsync<LabException>(() => engine.CreateNamespaceAsync(lab.Id, "c2", "victim", NamespacePropagation.Private));
            Assert.Equal(LabErrorKind.HolderLost, clone.Kind);

            await engine.DeleteNamespaceAsync(lab.Id, "victim");
            Assert.Null(engine.FindLab(lab.Id)!.Find("victim"));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Sessions_serialize_callers_of_one_lab()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabSession first = await engine.OpenSessionAsync(lab.Id);
            Task<LabSession> second = engine.OpenSessionAsync(lab.Id);
            Task<LabNamespaceInfo> clone = engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Private);
            await Task.Delay(100);
            Assert.False(second.IsCompleted);
            Assert.False(clone.IsCompleted);
            first.Dispose();
            using (LabSession next = await second.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                Assert.False(clone.IsCompleted);
            }

            Assert.Equal("c1", (await clone.WaitAsync(TimeSpan.FromSeconds(30))).Name);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Work_runs_on_the_executor_thread_inside_the_namespace_and_the_thread_returns_home()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            (ulong inside, bool pool, int thread) = await session.RunInNamespaceAsync(
                "base",
                context => (engine.Executor.CurrentInode(), Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId));
            Assert.Equal(lab.Namespaces[0].Inode, inside);
            Assert.False(pool);
            Assert.Equal(engine.Executor.ManagedThreadId, thread);
            Assert.Equal(LabTestEnvironment.HostInode, await engine.Executor.RunAsync(engine.Executor.CurrentInode));
            Assert.Equal(LabTestEnvironment.HostInode, engine.Executor.HomeInode);

            // A failing piece of work fails its caller only; the thread is back home.
            await Assert.ThrowsAsync<ErrnoException>(() => session.RunInNamespaceAsync<bool>("base", _ => throw new ErrnoException("test", 22)));
            Assert.Equal(LabTestEnvironment.HostInode, await engine.Executor.RunAsync(engine.Executor.CurrentInode));

            // A context is dead once its work returned.
            LabNamespaceContext leaked = await session.RunInNamespaceAsync("base", context => context);
            Assert.Throws<InvalidOperationException>(() => leaked.Resolve("/"));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_thread_started_from_inside_a_namespace_does_not_strand_the_executor_or_keep_the_lab_root_as_cwd()
    {
        Assert.NotEqual("/", Directory.GetCurrentDirectory());
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        using var release = new ManualResetEventSlim();
        Thread? spawned = null;
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            string task = await session.RunInNamespaceAsync("base", _ =>
            {
                // Shares the executor's root and cwd (CLONE_FS), as runtime threads started here would.
                using var started = new ManualResetEventSlim();
                string? link = null;
                spawned = new Thread(() =>
                {
                    link = new DirectoryInfo("/proc/thread-self").LinkTarget;
                    started.Set();
                    release.Wait();
                });
                spawned.Start();
                started.Wait();
                return link!;
            });

            // The executor came back home, and can go in again.
            Assert.Equal(LabTestEnvironment.HostInode, await engine.Executor.RunAsync(engine.Executor.CurrentInode));
            Assert.Equal(lab.Namespaces[0].Inode, await session.RunInNamespaceAsync("base", _ => engine.Executor.CurrentInode()));

            // Its root and cwd (shared with the executor) were given back: cwd is this process's
            // again, not the lab's '/'. Its mount namespace stays the lab's: the kernel offers no way
            // to move another thread, which is why the executor starts no threads while inside.
            Assert.Equal(Directory.GetCurrentDirectory(), new DirectoryInfo($"/proc/{task}/cwd").LinkTarget);
            Assert.Equal(lab.Namespaces[0].Inode, Kernel.NamespaceInode(task));
        }
        finally
        {
            release.Set();
            spawned?.Join();
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    private static MountInfo WorkspaceRoot(LabMountView view) =>

        // The top of whatever is stacked on the workspace root.
        view.Workspace.Mounts.Last(m => m.MountPoint == "/");
}
