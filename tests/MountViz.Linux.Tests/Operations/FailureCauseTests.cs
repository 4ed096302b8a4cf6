using Microsoft.Win32.SafeHandles;
using MountViz.Core.Labs;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// Kernel refusals come back as results: the errno name, its meaning, and for EINVAL, EBUSY and
/// ELOOP the precondition that failed, told from the mount tables in the user's terms.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class FailureCauseTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Bind_and_rbind_of_an_unbindable_source()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /u/sub /t", "mount --bind /u /u", "mount --make-unbindable /u");

        OperationResult bind = await lab.Fails("mount --bind /u /t", "EINVAL");
        Assert.Equal("bind source /u is unbindable; make it private or shared first", bind.Cause);
        Assert.Contains("Invalid argument", bind.Message, StringComparison.Ordinal);
        Assert.Contains("mount --make-private /u", bind.Message, StringComparison.Ordinal);
        Assert.Contains("mount(\"/u\", \"/t\", NULL, MS_BIND, NULL) failed", bind.Message, StringComparison.Ordinal);
        Assert.Empty(bind.Changes);

        OperationResult rbind = await lab.Fails("mount --rbind /u /t", "EINVAL");
        Assert.Equal("bind source /u is unbindable; make it private or shared first", rbind.Cause);

        OperationResult inside = await lab.Fails("mount --bind /u/sub /t", "EINVAL");
        Assert.Equal("bind source /u/sub is unbindable (it lies on the unbindable mount at /u); make it private or shared first", inside.Cause);

        await lab.Ok("mount --make-private /u");
        await lab.Ok("mount --bind /u /t");
    }

    [Fact]
    public async Task Move_under_a_shared_parent_of_a_non_mount_into_itself_and_of_an_unbindable_tree()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        // In base the workspace root is shared: a mount on it cannot be moved.
        await lab.OkAll("base", "mkdir /s /d", "mount -t tmpfs s /s");
        OperationResult shared = await lab.Fails("mount --move /s /d", "EINVAL");
        Assert.Equal("cannot move a mount whose parent is shared: /s's parent mount (at /) is shared:" + lab.Mounts().Workspace.Mounts[0].Shared, shared.Cause);
        Assert.Contains("mount --make-private /", shared.Message, StringComparison.Ordinal);

        // The rest in a private clone.
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll(
            "p",
            "mkdir -p /plain /a /sh /ub",
            "mount -t tmpfs a /a",
            "mkdir /a/in",
            "mount --bind /sh /sh",
            "mount --make-shared /sh",
            "mkdir /sh/x",
            "mount -t tmpfs ub /ub",
            "mount --make-unbindable /ub");

        OperationResult notMount = await lab.Fails("mount --move /plain /d", "EINVAL", "p");
        Assert.Equal("/plain is not a mount point: no mount has its root there, so there is no mount to move", notMount.Cause);

        OperationResult loop = await lab.Fails("mount --move /a /a/in", "ELOOP", "p");
        Assert.Equal("/a/in lies inside the mount being moved (/a); a mount cannot be moved into itself", loop.Cause);
        Assert.Contains("Too many levels of symbolic links", loop.Message, StringComparison.Ordinal);

        OperationResult unbindable = await lab.Fails("mount --move /ub /sh/x", "EINVAL", "p");
        Assert.StartsWith("the destination /sh/x is on a shared mount", unbindable.Cause, StringComparison.Ordinal);
        Assert.Contains("contains the unbindable mount at /ub", unbindable.Cause, StringComparison.Ordinal);

        // Under a private destination it may go (mount-propagation.md f5).
        await lab.Ok("mount --move /ub /d", "p");
    }

    [Fact]
    public async Task Make_and_remount_need_a_mount_point()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir /plain");
        OperationResult make = await lab.Fails("mount --make-shared /plain", "EINVAL");
        Assert.Equal("/plain is not a mount point: --make-shared applies to a mount, and no mount has its root there", make.Cause);
        Assert.Contains("mount --bind /plain /plain", make.Message, StringComparison.Ordinal);

        OperationResult remount = await lab.Fails("mount -o remount,ro /plain", "EINVAL");
        Assert.Equal("/plain is not a mount point: a remount applies to a mount, and no mount has its root there", remount.Cause);

        OperationResult recursive = await lab.Fails("mount --make-rprivate /plain", "EINVAL");
        Assert.StartsWith("/plain is not a mount point: --make-rprivate", recursive.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Umount_of_a_non_mount_of_a_mount_with_children_and_of_a_busy_mount()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /plain /b", "mount -t tmpfs b /b", "mkdir /b/c", "mount -t tmpfs c /b/c", "touch /b/open");

        OperationResult notMounted = await lab.Fails("umount /plain", "EINVAL");
        Assert.Equal("/plain is not mounted: no mount has its root there", notMounted.Cause);

        OperationResult children = await lab.Fails("umount /b", "EBUSY");
        Assert.Equal("/b has 1 mount(s) below it (/b/c); a plain umount refuses a mount that others are attached to", children.Cause);
        Assert.Contains("umount -R /b", children.Message, StringComparison.Ordinal);
        Assert.Contains("Device or resource busy", children.Message, StringComparison.Ordinal);
        await lab.Ok("umount /b/c");

        // A file held open on it (by this test process, from inside the lab namespace).
        SafeFileHandle open = await lab.InNamespace("base", _ => File.OpenHandle($"{lab.Workspace}/b/open"));
        try
        {
            OperationResult busy = await lab.Fails("umount /b", "EBUSY");
            Assert.StartsWith("/b is in use: a process has a file open", busy.Cause, StringComparison.Ordinal);
            Assert.Contains("umount -l /b", busy.Message, StringComparison.Ordinal);
        }
        finally
        {
            open.Dispose();
        }

        OperationResult done = await lab.Ok("umount /b");
        Assert.Equal(["/b"], OpsLab.Removed(done, "base"));
    }

    [Fact]
    public async Task Umount_recursive_skips_what_propagation_already_took()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        // /r is shared; /r/self is a bind of /r onto its own subdirectory (a peer of /r), so
        // unmounting /r/self/in removes /r/in too, by propagation.
        await lab.OkAll(
            "base",
            "mkdir -p /r",
            "mount -t tmpfs r /r",
            "mkdir -p /r/self /r/in",
            "mount --bind /r /r/self",
            "mount -t tmpfs in /r/in");
        Assert.Contains("/r/self/in", lab.MountPoints());
        OperationResult result = await lab.Ok("umount -R /r");
        Assert.Equal(["/"], lab.MountPoints());
        Assert.Contains("skipped", result.Message, StringComparison.Ordinal);
    }
}
