using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>Every mount operation through the command language on the real kernel, with the changes it reports.</summary>
[Collection(LabKernelGroup.Name)]
public sealed class MountOperationTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Tmpfs_ramfs_and_proc_are_mounted_with_their_options()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir -p /t /r /p");
        OperationResult tmpfs = await lab.Ok("mount -t tmpfs -o size=1m,mode=0700,nosuid scratch /t");
        Assert.Equal("mount(\"scratch\", \"/t\", \"tmpfs\", MS_NOSUID, \"size=1m,mode=0700\")", tmpfs.Syscall);
        NamespaceChange added = Assert.Single(tmpfs.Changes);
        Assert.Equal(("base", MountChangeKind.Added), (added.Namespace, added.Change.Kind));
        MountInfo t = added.Change.Mount;
        Assert.Equal(("/t", "tmpfs", "scratch"), (t.MountPoint, t.FsType, t.Source));
        Assert.Contains("nosuid", t.MountOptions.Split(','));
        Assert.Contains("size=1024k", t.SuperOptions.Split(','));
        Assert.Contains("mode=700", t.SuperOptions.Split(','));

        // Under the shared workspace root a new mount is shared, in a new group (mount-propagation.md §2.1).
        Assert.NotNull(t.Shared);
        Assert.NotEqual(lab.Mounts().Workspace.Mounts[0].Shared, t.Shared);

        MountInfo r = Assert.Single((await lab.Ok("mount -t ramfs ram /r")).Changes).Change.Mount;
        Assert.Equal(("/r", "ramfs"), (r.MountPoint, r.FsType));
        MountInfo p = Assert.Single((await lab.Ok("mount -t proc proc /p")).Changes).Change.Mount;
        Assert.Equal(("/p", "proc"), (p.MountPoint, p.FsType));
        FileTree proc = await lab.Operations.ListFilesAsync(lab.Id, "base", "/p", maxDepth: 1);
        Assert.Contains(proc.Root.Children, e => e.Name == "self" && e.Type == "symlink");
        Assert.True(proc.Root.IsMountPoint);
    }

    [Fact]
    public async Task Overlay_layers_are_lab_paths_confined_to_the_workspace()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /ov/lower /ov/upper /ov/work /ov/merged", "echo from-lower > /ov/lower/l");
        OperationResult overlay = await lab.Ok("mount -t overlay -o lowerdir=/ov/lower,upperdir=/ov/upper,workdir=/ov/work overlay /ov/merged");
        MountInfo merged = Assert.Single(overlay.Changes).Change.Mount;
        Assert.Equal(("/ov/merged", "overlay"), (merged.MountPoint, merged.FsType));

        // The kernel shows the layers as given: relative to the lab's root, so they read as lab paths.
        Assert.Contains("lowerdir=ov/lower", merged.SuperOptions, StringComparison.Ordinal);
        Assert.Contains("upperdir=ov/upper", merged.SuperOptions, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Workspace, merged.SuperOptions, StringComparison.Ordinal);
        Assert.Contains("lowerdir=/ov/lower", overlay.Syscall, StringComparison.Ordinal);

        // Writes through the overlay land in the upper directory.
        await lab.Ok("echo from-merged > /ov/merged/m");
        FileTree upper = await lab.Operations.ListFilesAsync(lab.Id, "base", "/ov/upper");
        Assert.Equal(["m"], upper.Root.Children.Select(c => c.Name));
        FileTree view = await lab.Operations.ListFilesAsync(lab.Id, "base", "/ov/merged");
        Assert.Equal(["l", "m"], view.Root.Children.Select(c => c.Name));

        // A host directory as a layer means the lab's directory of that name.
        await lab.Ok("mkdir /o2");
        OperationResult host = await lab.Fails("mount -t overlay -o lowerdir=/etc overlay /o2", "ENOENT");
        Assert.Contains("overlay directory '/etc' does not exist in the lab", host.Message, StringComparison.Ordinal);

        // A layer reached through a symlink is refused (the kernel would follow it unconfined).
        await lab.InNamespace("base", _ =>
        {
            File.CreateSymbolicLink($"{lab.Workspace}/ov/link", "/ov/lower");
            return true;
        });
        OperationResult viaLink = await lab.Run("mount -t overlay -o lowerdir=/ov/link overlay /o2");
        Assert.False(viaLink.Ok);
        Assert.Contains("goes through a symlink", viaLink.Message, StringComparison.Ordinal);
        Assert.Empty(viaLink.Changes);
    }

    [Fact]
    public async Task Only_filesystems_without_a_device_are_mounted()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir /x");
        OperationResult refused = await lab.Run("mount -t ext4 /dev/sda1 /x");
        Assert.False(refused.Ok);
        Assert.Null(refused.Errno);
        Assert.Contains("tmpfs, ramfs, proc, overlay", refused.Message, StringComparison.Ordinal);
        Assert.Equal("'ext4' is not tmpfs, ramfs, proc or overlay.", refused.Cause);
        Assert.Empty(refused.Changes);

        OperationResult missing = await lab.Fails("mount -t tmpfs t /missing", "ENOENT");
        Assert.Contains("the mount point '/missing' does not exist in the lab", missing.Message, StringComparison.Ordinal);
        Assert.Contains("mkdir -p /missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", missing.Message, StringComparison.Ordinal);
        Assert.NotNull(missing.Cause);
    }

    [Fact]
    public async Task Bind_and_rbind_copy_one_mount_or_the_tree()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll(
            "base",
            "mkdir -p /tree/sub /one /all",
            "mount -t tmpfs tree /tree",
            "mkdir -p /tree/sub",
            "mount -t tmpfs sub /tree/sub",
            "touch /f1 /f2");

        OperationResult bind = await lab.Ok("mount --bind /tree /one");
        Assert.Equal(["/one"], OpsLab.Added(bind, "base"));
        Assert.Equal("mount(\"/tree\", \"/one\", NULL, MS_BIND, NULL)", bind.Syscall);

        OperationResult rbind = await lab.Ok("mount --rbind /tree /all");
        Assert.Equal(["/all", "/all/sub"], OpsLab.Added(rbind, "base"));
        Assert.Equal("mount(\"/tree\", \"/all\", NULL, MS_BIND|MS_REC, NULL)", rbind.Syscall);

        // A file onto a file.
        await lab.Ok("echo content > /f1");
        OperationResult file = await lab.Ok("mount --bind /f1 /f2");
        Assert.Equal(["/f2"], OpsLab.Added(file, "base"));
        FileTree root = await lab.Operations.ListFilesAsync(lab.Id, "base", "/", maxDepth: 1);
        FileEntry f2 = root.Root.Children.Single(e => e.Name == "f2");
        Assert.Equal(("file", true), (f2.Type, f2.IsMountPoint));
        Assert.Equal("content\n", await lab.InNamespace("base", _ => File.ReadAllText($"{lab.Workspace}/f2")));
    }

    [Fact]
    public async Task Move_moves_a_mount_under_a_private_parent()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll("p", "mkdir /a /b", "mount -t tmpfs t /a", "mkdir /a/in", "mount -t tmpfs inner /a/in");
        int id = lab.Mounts("p").Workspace.Mounts.Single(m => m.MountPoint == "/a").Id;

        OperationResult move = await lab.Ok("mount --move /a /b", "p");
        Assert.Equal("mount(\"/a\", \"/b\", NULL, MS_MOVE, NULL)", move.Syscall);
        Assert.Contains(("p", "moved", "/b"), OpsLab.Changes(move));
        Assert.Contains(("p", "moved", "/b/in"), OpsLab.Changes(move));
        Assert.Equal(id, move.Changes.First(c => c.Change.Mount.MountPoint == "/b").Change.Mount.Id);
        Assert.Equal("/a", move.Changes.First(c => c.Change.Mount.MountPoint == "/b").Change.Before!.MountPoint);
        Assert.DoesNotContain(move.Changes, c => c.Namespace == "base");
    }

    [Fact]
    public async Task Remount_changes_flags_of_the_filesystem_or_with_bind_of_one_mount()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /m /b", "mount -t tmpfs t /m", "mkdir /m/d", "mount --bind /m/d /b");

        OperationResult ro = await lab.Ok("mount -o remount,ro /m");
        Assert.Equal("mount(NULL, \"/m\", NULL, MS_REMOUNT|MS_RDONLY, NULL)", ro.Syscall);
        NamespaceChange change = Assert.Single(ro.Changes, c => c.Change.Mount.MountPoint == "/m");
        Assert.Equal(MountChangeKind.OptionsChanged, change.Change.Kind);
        Assert.StartsWith("ro", change.Change.Mount.MountOptions, StringComparison.Ordinal);

        // The filesystem is read-only now: writing through the bind of it fails with EROFS.
        OperationResult erofs = await lab.Fails("echo x > /b/file", "EROFS");
        Assert.Contains("remount,rw", erofs.Message, StringComparison.Ordinal);

        OperationResult rw = await lab.Ok("mount -o remount,rw,nosuid,nodev,noexec /m");
        string[] options = rw.Changes.Single(c => c.Change.Mount.MountPoint == "/m").Change.Mount.MountOptions.Split(',');
        Assert.Contains("rw", options);
        Assert.Contains("nosuid", options);
        Assert.Contains("nodev", options);
        Assert.Contains("noexec", options);

        // bind: only that mount's per-mount flag; the filesystem and the other mount stay writable.
        OperationResult bindRo = await lab.Ok("mount -o remount,ro,bind /b");
        Assert.Equal(["/b"], bindRo.Changes.Select(c => c.Change.Mount.MountPoint));
        Assert.StartsWith("ro", bindRo.Changes[0].Change.Mount.MountOptions, StringComparison.Ordinal);
        await lab.Fails("echo x > /b/file", "EROFS");
        await lab.Ok("echo x > /m/d/file");
    }

    [Fact]
    public async Task Make_commands_change_propagation_types()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /m", "mount -t tmpfs t /m", "mkdir /m/in", "mount -t tmpfs in /m/in");

        MountInfo Made(OperationResult result, string path) =>
            Assert.Single(result.Changes, c => c.Change.Mount.MountPoint == path && c.Change.Kind == MountChangeKind.PropagationChanged).Change.Mount;

        Assert.Equal(Propagation.Private, Made(await lab.Ok("mount --make-private /m"), "/m").Propagation);
        Assert.Equal(Propagation.Unbindable, Made(await lab.Ok("mount --make-unbindable /m"), "/m").Propagation);
        Assert.Equal(Propagation.Shared, Made(await lab.Ok("mount --make-shared /m"), "/m").Propagation);

        // A sole shared member made a slave becomes private (mount-propagation.md §2.4, V30).
        Assert.Equal(Propagation.Private, Made(await lab.Ok("mount --make-slave /m"), "/m").Propagation);

        // Recursive forms reach the subtree; the non-recursive one only the mount itself.
        OperationResult rprivate = await lab.Ok("mount --make-rprivate /");
        Assert.Contains(rprivate.Changes, c => c.Change.Mount.MountPoint == "/" && c.Change.Mount.Propagation == Propagation.Private);
        Assert.Contains(rprivate.Changes, c => c.Change.Mount.MountPoint == "/m/in" && c.Change.Mount.Propagation == Propagation.Private);
        OperationResult rshared = await lab.Ok("mount --make-rshared /m");
        Assert.Equal(["/m", "/m/in"], rshared.Changes.Select(c => c.Change.Mount.MountPoint).Order());
        Assert.Equal("mount(NULL, \"/m\", NULL, MS_SHARED|MS_REC, NULL)", rshared.Syscall);
        Assert.All(rshared.Changes, c => Assert.Equal(Propagation.Shared, c.Change.Mount.Propagation));
        OperationResult one = await lab.Ok("mount --make-private /m");
        Assert.Equal(["/m"], one.Changes.Select(c => c.Change.Mount.MountPoint));

        // make-rslave: /m/in (still shared, alone) becomes private; runbindable marks both.
        OperationResult rslave = await lab.Ok("mount --make-rslave /m");
        Assert.Equal("mount(NULL, \"/m\", NULL, MS_SLAVE|MS_REC, NULL)", rslave.Syscall);
        Assert.Equal([("/m/in", Propagation.Private)], rslave.Changes.Select(c => (c.Change.Mount.MountPoint, c.Change.Mount.Propagation)));
        OperationResult runbindable = await lab.Ok("mount --make-runbindable /m");
        Assert.Equal(["/m", "/m/in"], runbindable.Changes.Select(c => c.Change.Mount.MountPoint).Order());
        Assert.All(runbindable.Changes, c => Assert.Equal(Propagation.Unbindable, c.Change.Mount.Propagation));
    }

    [Fact]
    public async Task Umount_plain_lazy_and_recursive_deepest_first()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll(
            "base",
            "mkdir /r /l",
            "mount -t tmpfs r /r",
            "mkdir /r/a /r/c",
            "mount -t tmpfs a /r/a",
            "mkdir /r/a/b",
            "mount -t tmpfs b /r/a/b",
            "mount -t tmpfs c /r/c",
            "mount -t tmpfs l /l");

        OperationResult plain = await lab.Ok("umount /r/c");
        Assert.Equal("umount2(\"/r/c\", 0)", plain.Syscall);
        Assert.Equal(["/r/c"], OpsLab.Removed(plain, "base"));

        OperationResult recursive = await lab.Ok("umount -R /r");
        Assert.Equal("umount2(\"/r/a/b\", 0); umount2(\"/r/a\", 0); umount2(\"/r\", 0)", recursive.Syscall);
        Assert.Equal(["/r", "/r/a", "/r/a/b"], OpsLab.Removed(recursive, "base").Order());

        await lab.OkAll("base", "mkdir /l/x", "mount -t tmpfs x /l/x");
        OperationResult lazy = await lab.Ok("umount -l /l");
        Assert.Equal("umount2(\"/l\", MNT_DETACH)", lazy.Syscall);
        Assert.Equal(["/l", "/l/x"], OpsLab.Removed(lazy, "base").Order());
        Assert.Equal(["/"], lab.MountPoints());
    }

    [Fact]
    public async Task Umount_of_the_labs_root_mount_is_refused_but_a_mount_on_top_of_it_can_go()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        OperationResult refused = await lab.Run("umount -l /");
        Assert.False(refused.Ok);
        Assert.Contains("the lab's root", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["/"], lab.MountPoints());

        await lab.Ok("mount -t tmpfs over /");
        Assert.Equal(["/", "/"], lab.MountPoints());
        OperationResult over = await lab.Ok("umount /");
        Assert.Equal(["/"], OpsLab.Removed(over, "base"));
        Assert.Equal($"mountviz-lab-{lab.Id}", lab.Mounts().Workspace.Mounts.Single().Source);
    }
}
