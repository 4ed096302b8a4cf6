using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Operations;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// pivot_root through the command language: the article's experiment B, and each precondition
/// violated on the real kernel, the result naming the one that failed.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PivotRootOperationTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Experiment_B_switches_the_namespaces_root_and_detaches_the_old_one()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll(
            "p",
            "mkdir -p /data/busybox/rootfs/bin /data/busybox/rootfs/.oldrootfs",
            "cd /data/busybox",
            "echo 'I am the new root' > rootfs/README",
            "echo 'under the old root' > rootfs/.oldrootfs/README",
            "touch rootfs/bin/busybox rootfs/bin/sh rootfs/bin/ls",
            "mount --bind rootfs rootfs");
        int rootfsId = lab.Mounts("p").Workspace.Mounts.Single(m => m.MountPoint == "/data/busybox/rootfs").Id;
        int workspaceId = lab.Mounts("p").Workspace.Mounts.Single(m => m.MountPoint == "/").Id;

        OperationResult pivot = await lab.Ok("pivot_root rootfs rootfs/.oldrootfs", "p");
        Assert.Equal("pivot_root rootfs rootfs/.oldrootfs", pivot.ShellCommand);
        Assert.Equal(
            "pivot_root(\"/data/busybox/rootfs\", \"/data/busybox/rootfs/.oldrootfs\"); chdir(\"/\"); umount2(\"/.oldrootfs\", MNT_DETACH)",
            pivot.Syscall);

        // In p: the workspace mount is gone (detached with the old root), the rootfs is '/'.
        Assert.Contains(("p", "removed", "/"), OpsLab.Changes(pivot));
        NamespaceChange moved = Assert.Single(pivot.Changes, c => c.Change.Kind == MountChangeKind.Moved);
        Assert.Equal((rootfsId, "/", "/data/busybox/rootfs"), (moved.Change.Mount.Id, moved.Change.Mount.MountPoint, moved.Change.Before!.MountPoint));
        Assert.Equal(workspaceId, pivot.Changes.Single(c => c.Change.Kind == MountChangeKind.Removed).Change.Mount.Id);
        Assert.DoesNotContain(pivot.Changes, c => c.Namespace == "base");

        // Nothing of the host is left in p, and its view follows the new root.
        LabMountView view = lab.Mounts("p");
        MountInfo root = Assert.Single(view.All.Mounts);
        Assert.Equal(("/", rootfsId), (root.MountPoint, root.Id));
        Assert.Equal("/", lab.Engine.FindLab(lab.Id)!.Find("p")!.WorkspacePath);
        Assert.Equal("/", lab.Operations.CurrentDirectory(lab.Id, "p"));

        // `ls /` and `ls /bin`, as in the article.
        FileTree ls = await lab.Operations.ListFilesAsync(lab.Id, "p", "/", maxDepth: 2);
        Assert.Equal([".oldrootfs", "README", "bin"], ls.Root.Children.Select(c => c.Name));
        Assert.Equal(["busybox", "ls", "sh"], ls.Root.Children.Single(c => c.Name == "bin").Children.Select(c => c.Name));
        Assert.Equal(["README"], ls.Root.Children.Single(c => c.Name == ".oldrootfs").Children.Select(c => c.Name));
        Assert.True(ls.Root.IsMountPoint);

        // The namespace keeps working from its new root.
        await lab.OkAll("p", "mkdir /tmp", "mount -t tmpfs t /tmp", "echo ok > /tmp/f");
        await lab.Fails("echo x > /etc/passwd", "ENOENT", "p");

        // Base is untouched.
        Assert.Equal(["/"], lab.MountPoints("base"));
    }

    [Fact]
    public async Task Pivot_root_dot_dot_puts_the_old_root_on_top_and_detaches_it()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll("p", "mkdir -p /newroot", "touch /newroot/marker", "mount --bind /newroot /newroot", "cd /newroot");
        OperationResult pivot = await lab.Ok("pivot_root . .", "p");
        Assert.EndsWith("umount2(\"/\", MNT_DETACH)", pivot.Syscall, StringComparison.Ordinal);
        FileTree ls = await lab.Operations.ListFilesAsync(lab.Id, "p", "/");
        Assert.Equal(["marker"], ls.Root.Children.Select(c => c.Name));
        Assert.Single(lab.Mounts("p").All.Mounts);
    }

    [Fact]
    public async Task Each_violated_precondition_is_named_with_the_kernels_errno()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private q");
        await lab.OkAll(
            "q",
            "mkdir -p /r/old /plain/old /elsewhere",
            "mount --bind /r /r",
            "touch /file /r/file");

        // 1. new_root and put_old are directories.
        OperationResult file = await lab.Fails("pivot_root /file /file", "ENOTDIR", "q");
        Assert.Equal("new_root /file is not a directory.", file.Cause);
        OperationResult oldFile = await lab.Fails("pivot_root /r /r/file", "ENOTDIR", "q");
        Assert.Equal("put_old /r/file is not a directory.", oldFile.Cause);

        // 3. put_old is at or under new_root.
        OperationResult outside = await lab.Fails("pivot_root /r /elsewhere", "EINVAL", "q");
        Assert.Equal("put_old /elsewhere is not at or under new_root /r, so the old root could not be reached from the new one.", outside.Cause);

        // 4. new_root is a mount point.
        OperationResult plain = await lab.Fails("pivot_root /plain /plain/old", "EINVAL", "q");
        Assert.Equal("new_root /plain is not a mount point: nothing is mounted there.", plain.Cause);
        Assert.Contains("mount --bind /plain /plain", plain.Message, StringComparison.Ordinal);

        // Nothing happened: q still has its workspace and the host's mounts.
        Assert.Equal(lab.Workspace, lab.Engine.FindLab(lab.Id)!.Find("q")!.WorkspacePath);
        Assert.True(lab.Mounts("q").All.Mounts.Length > 2);

        // 2. Neither is the current root: once q has pivoted, '/' is its root.
        await lab.Ok("pivot_root /r /r/old", "q");
        await lab.Ok("mkdir /old2", "q");
        OperationResult current = await lab.Fails("pivot_root / /old2", "EBUSY", "q");
        Assert.Equal("new_root / is the current root.", current.Cause);
        Assert.Contains("Device or resource busy", current.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_mount_blocks_pivot_root_as_mount_propagation_md_says()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        // In base the workspace root is shared, and a bind on it is shared too (§2.9: V75, V76).
        await lab.OkAll("base", "mkdir -p /r/old", "mount --bind /r /r");
        OperationResult shared = await lab.Fails("pivot_root /r /r/old", "EINVAL");
        Assert.StartsWith("put_old /r/old is on the mount at /r, which is shared (shared:", shared.Cause, StringComparison.Ordinal);
        Assert.Contains("--make-rprivate", shared.Message, StringComparison.Ordinal);

        await lab.Ok("mount --make-private /r");
        OperationResult parent = await lab.Fails("pivot_root /r /r/old", "EINVAL");
        Assert.StartsWith("new_root /r's parent mount (at /) is shared", parent.Cause, StringComparison.Ordinal);

        // Private all the way, it works in base too.
        await lab.Ok("mount --make-rprivate /");
        await lab.Ok("pivot_root /r /r/old");
        Assert.Single(lab.Mounts().All.Mounts);
    }

    [Fact]
    public void The_current_root_must_be_a_mount_point()
    {
        // A reader whose root is not a mount point (a chroot) sees no mount at '/'; a lab
        // namespace's root always is one, so this precondition is checked on a table.
        MountTable table = MountTable.Parse("""
            30 20 0:40 / /ws rw - tmpfs ws rw
            31 30 0:40 /r /ws/r rw - tmpfs ws rw

            """u8);
        var tree = new MountTree(table);
        List<PivotRootPreconditions.Violation> violations = PivotRootPreconditions.Check(tree, "/ws/r", true, "/ws/r/old", true, p => p);
        PivotRootPreconditions.Violation violation = Assert.Single(violations);
        Assert.Equal(("EINVAL", PivotRootPreconditions.RootIsMountPoint), (violation.Errno, violation.Cause.Precondition));
    }

    [Fact]
    public void Preconditions_come_in_the_kernels_order_with_its_errnos()
    {
        MountTable table = MountTable.Parse("""
            20 1 8:1 / / rw - ext4 /dev/root rw
            30 20 0:40 / /ws rw shared:5 - tmpfs ws rw
            31 30 0:40 /r /ws/r rw shared:6 - tmpfs ws rw

            """u8);
        var tree = new MountTree(table);
        List<PivotRootPreconditions.Violation> files = PivotRootPreconditions.Check(tree, "/ws/plain", false, "/ws/plain/old", false, p => p);
        Assert.Equal(
            [
                ("ENOTDIR", PivotRootPreconditions.Directories),
                ("ENOTDIR", PivotRootPreconditions.Directories),
                ("EINVAL", PivotRootPreconditions.NothingShared),
                ("EINVAL", PivotRootPreconditions.NewRootIsMountPoint),
            ],
            files.Select(v => (v.Errno, v.Cause.Precondition)));
        Assert.Equal(PivotRootPreconditions.NothingShared, PivotRootPreconditions.Explaining(files, "EINVAL")!.Cause.Precondition);
        Assert.Equal(PivotRootPreconditions.Directories, PivotRootPreconditions.Explaining(files, "EPERM")!.Cause.Precondition);

        List<PivotRootPreconditions.Violation> outside = PivotRootPreconditions.Check(tree, "/ws/r", true, "/elsewhere", true, p => p);
        Assert.Equal(
            [
                ("EINVAL", PivotRootPreconditions.NothingShared),
                ("EBUSY", PivotRootPreconditions.PutOldUnderNewRoot),
                ("EINVAL", PivotRootPreconditions.PutOldUnderNewRoot),
            ],
            outside.Select(v => (v.Errno, v.Cause.Precondition)));
        Assert.Equal("new_root /ws/r's parent mount (at /ws) is shared (shared:5); pivot_root refuses a new_root whose parent is shared.", outside[0].Cause.Explanation);

        List<PivotRootPreconditions.Violation> root = PivotRootPreconditions.Check(tree, "/", true, "/ws/r", true, p => p);
        Assert.Contains(root, v => v.Errno == "EBUSY" && v.Cause.Precondition == PivotRootPreconditions.NotCurrentRoot);
    }
}
