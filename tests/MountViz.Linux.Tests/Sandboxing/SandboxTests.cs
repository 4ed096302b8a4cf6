using System.Diagnostics;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>The sandbox itself: isolated from the host, and gone after dispose or after its starter dies.</summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class SandboxTests
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Its_tmpfs_exists_inside_the_namespace_only()
    {
        using Sandbox sandbox = Sandbox.Start();

        MountInfo root = Assert.Single(sandbox.ReadMountTable().Mounts, m => m.MountPoint == sandbox.Root);
        Assert.Equal(("tmpfs", Sandbox.RootSource, Propagation.Private), (root.FsType, root.Source, root.Propagation));
        Assert.Equal(root.Id, sandbox.Run(calls => calls.Stat(sandbox.RootBytes).MountId));
        Assert.DoesNotContain(MountInfoReader.ReadPid(null).Mounts, m => m.MountPoint == sandbox.Root);
        Assert.Equal(["owner"], Directory.EnumerateFileSystemEntries(sandbox.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Its_mountinfo_read_from_outside_equals_the_one_read_inside()
    {
        using Sandbox sandbox = Sandbox.Start();
        byte[] odd = [.. sandbox.RootBytes, .. "/odd \n"u8, 0xFF];
        sandbox.Run(calls =>
        {
            calls.MakeDirectory(odd);
            calls.MountTmpfs("odd src"u8.ToArray(), odd, "size=64k");
        });

        CommandResult inside = sandbox.RunInside("cat", "/proc/self/mountinfo");

        Assert.Equal(0, inside.ExitCode);
        Assert.Equal(ProcFiles.ReadAllBytes(sandbox.MountInfoPath), inside.Stdout);
    }

    [Fact]
    public void Dispose_leaves_no_holder_namespace_or_directory()
    {
        Sandbox sandbox = Sandbox.Start();
        sandbox.Run(calls => calls.MountTmpfs("left"u8.ToArray(), [.. sandbox.RootBytes], string.Empty));
        SandboxRecord record = Assert.Single(SandboxRecord.All, r => r.Holder == sandbox.Holder);
        Assert.True(record.Holder.IsAlive);
        Assert.True(Directory.Exists(record.ScratchDirectory));

        sandbox.Dispose();

        Assert.Empty(HostGuard.Leftovers([record]));
        Assert.False(Directory.Exists($"/proc/{record.Holder.Pid}"));
    }

    [Fact]
    public void A_holder_forked_by_a_thread_that_ends_is_killed_by_the_kernel()
    {
        // PR_SET_PDEATHSIG fires when the parent *thread* exits: this is why ProcessLauncher exists,
        // and it is what kills the holders when the test host is killed.
        Sandbox? sandbox = null;
        var starter = new Thread(() => sandbox = Sandbox.Start(start => Process.Start(start)!));
        starter.Start();
        starter.Join();
        Assert.NotNull(sandbox);
        using (sandbox)
        {
            var clock = Stopwatch.StartNew();
            while (sandbox.Holder.IsAlive && clock.Elapsed < DeathTimeout)
            {
                Thread.Sleep(20);
            }

            Assert.False(sandbox.Holder.IsAlive, $"holder {sandbox.HolderPid} outlived the thread that forked it by {clock.Elapsed}");
        }
    }

    [Fact]
    public void A_holder_forked_by_the_launcher_outlives_the_thread_that_asked_for_it()
    {
        Sandbox? sandbox = null;
        var starter = new Thread(() => sandbox = Sandbox.Start());
        starter.Start();
        starter.Join();
        Assert.NotNull(sandbox);
        using (sandbox)
        {
            Thread.Sleep(500); // The thread-death signal above arrives within milliseconds.
            Assert.True(sandbox.Holder.IsAlive);
            Assert.Equal(sandbox.Root, Assert.Single(sandbox.ReadMountTable().Mounts, m => m.Source == Sandbox.RootSource).MountPoint);
        }
    }

    [Fact]
    public void Namespace_calls_refuse_to_run_on_any_other_thread()
    {
        using Sandbox sandbox = Sandbox.Start();
        NamespaceCalls calls = sandbox.Run(calls => calls);

        var error = Assert.Throws<InvalidOperationException>(() => calls.MakeDirectory([.. sandbox.RootBytes, .. "/x"u8]));
        Assert.Contains("host's mount namespace", error.Message, StringComparison.Ordinal);
    }
}
