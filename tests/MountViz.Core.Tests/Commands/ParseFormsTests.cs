using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>Every verb and flag form of the command language parses to the operation it means.</summary>
public sealed class ParseFormsTests
{
    public static TheoryData<string, Operation> Forms => new()
    {
        // mkdir
        { "mkdir d", new MakeDirectoryOperation(["d"]) },
        { "mkdir a b c", new MakeDirectoryOperation(["a", "b", "c"]) },
        { "mkdir -p /data/binding/source", new MakeDirectoryOperation(["/data/binding/source"], Parents: true) },
        { "mkdir --parents x/y z", new MakeDirectoryOperation(["x/y", "z"], Parents: true) },
        { "mkdir x -p", new MakeDirectoryOperation(["x"], Parents: true) },
        { "mkdir -p -- -odd", new MakeDirectoryOperation(["-odd"], Parents: true) },
        { "mkdir -p /A /AM /D /DP /DS", new MakeDirectoryOperation(["/A", "/AM", "/D", "/DP", "/DS"], Parents: true) },

        // touch, echo, rmdir
        { "touch f", new CreateFileOperation(["f"]) },
        { "touch /a/f '/b c'", new CreateFileOperation(["/a/f", "/b c"]) },
        { "echo hello > f", new WriteFileOperation("f", "hello") },
        { "echo hello world > /f", new WriteFileOperation("/f", "hello world") },
        { "echo 'two  spaces' >f", new WriteFileOperation("f", "two  spaces") },
        { "echo \"a \\\"q\\\"\">f", new WriteFileOperation("f", "a \"q\"") },
        { "echo -n hi > f", new WriteFileOperation("f", "hi", Newline: false) },
        { "echo -E hi > f", new WriteFileOperation("f", "hi") },
        { "echo hi >> log", new WriteFileOperation("log", "hi", Append: true) },
        { "echo > f", new WriteFileOperation("f", "") },
        { "echo a > f b", new WriteFileOperation("f", "a b") },
        { "echo > f -n x", new WriteFileOperation("f", "x", Newline: false) },
        { "echo x -n > f", new WriteFileOperation("f", "x -n") },
        { "echo '-n' x > f", new WriteFileOperation("f", "x", Newline: false) },
        { "echo '-n x' > f", new WriteFileOperation("f", "-n x") },
        { "rmdir d", new RemoveDirectoryOperation(["d"]) },
        { "rmdir a /b", new RemoveDirectoryOperation(["a", "/b"]) },

        // mount: new filesystems
        { "mount -t tmpfs src /x", MountFilesystemOperation.Tmpfs("src", "/x") },
        { "mount -t tmpfs -o size=1m src /x", MountFilesystemOperation.Tmpfs("src", "/x", "size=1m") },
        { "mount -ttmpfs -osize=1m,mode=755 src /x", MountFilesystemOperation.Tmpfs("src", "/x", "size=1m,mode=755") },
        { "mount --types=tmpfs --options=ro src /x", MountFilesystemOperation.Tmpfs("src", "/x", "ro") },
        { "mount --types tmpfs --options ro src /x", MountFilesystemOperation.Tmpfs("src", "/x", "ro") },
        { "mount -o size=1m -o nosuid -t tmpfs src /x", MountFilesystemOperation.Tmpfs("src", "/x", "size=1m,nosuid") },
        { "mount -r -t tmpfs src /x", MountFilesystemOperation.Tmpfs("src", "/x", "ro") },
        { "mount -t tmpfs -o size=1m -w src /x", MountFilesystemOperation.Tmpfs("src", "/x", "size=1m,rw") },
        { "mount src /x -t tmpfs", MountFilesystemOperation.Tmpfs("src", "/x") },
        { "mount -t ramfs -o mode=700 r /r", MountFilesystemOperation.Ramfs("r", "/r", "mode=700") },
        { "mount -t proc proc /p", MountFilesystemOperation.Proc("/p") },
        {
            "mount -t overlay overlay -o lowerdir=/l1:/l2,upperdir=/u,workdir=/w /merged",
            MountFilesystemOperation.Overlay(["/l1", "/l2"], "/u", "/w", "/merged")
        },
        { "mount -t tmpfs -- -src /x", MountFilesystemOperation.Tmpfs("-src", "/x") },

        // mount: bind, rbind, move
        { "mount --bind /a /b", new BindMountOperation("/a", "/b") },
        { "mount -B /a /b", new BindMountOperation("/a", "/b") },
        { "mount /a /b --bind", new BindMountOperation("/a", "/b") },
        { "mount -o bind /a /b", new BindMountOperation("/a", "/b") },
        { "mount -t none -o bind /a /b", new BindMountOperation("/a", "/b") },
        { "mount --bind -o bind source1 target1", new BindMountOperation("source1", "target1") },
        { "mount --rbind /a /b", new BindMountOperation("/a", "/b", Recursive: true) },
        { "mount -R /a /b", new BindMountOperation("/a", "/b", Recursive: true) },
        { "mount -o rbind /a /b", new BindMountOperation("/a", "/b", Recursive: true) },
        { "mount --move /a /b", new MoveMountOperation("/a", "/b") },
        { "mount -M /a /b", new MoveMountOperation("/a", "/b") },
        { "mount -o move /a /b", new MoveMountOperation("/a", "/b") },

        // mount: remount
        { "mount -o remount,ro /x", new RemountOperation("/x", MountFlags.ReadOnly) },
        { "mount -o remount,rw /x", new RemountOperation("/x") },
        { "mount -o remount,ro,bind /x", new RemountOperation("/x", MountFlags.ReadOnly, Bind: true) },
        { "mount -o remount,bind,ro /x", new RemountOperation("/x", MountFlags.ReadOnly, Bind: true) },
        { "mount --bind -o remount,ro /x", new RemountOperation("/x", MountFlags.ReadOnly, Bind: true) },
        { "mount -o remount -r /x", new RemountOperation("/x", MountFlags.ReadOnly) },
        { "mount -o remount,ro,rw /x", new RemountOperation("/x") },
        { "mount -o remount,nosuid,nodev,noexec /x", new RemountOperation("/x", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec) },
        { "mount -o remount,nosuid,suid /x", new RemountOperation("/x") },
        { "mount -o remount,size=2m /t", new RemountOperation("/t", Data: "size=2m") },
        { "mount -o remount,ro,size=2m,mode=700 /t", new RemountOperation("/t", MountFlags.ReadOnly, Data: "size=2m,mode=700") },

        // mount: propagation
        { "mount --make-shared /x", new ChangePropagationOperation("/x", PropagationType.Shared) },
        { "mount --make-private /x", new ChangePropagationOperation("/x", PropagationType.Private) },
        { "mount --make-slave target1", new ChangePropagationOperation("target1", PropagationType.Slave) },
        { "mount --make-unbindable /x", new ChangePropagationOperation("/x", PropagationType.Unbindable) },
        { "mount --make-rshared /", new ChangePropagationOperation("/", PropagationType.Shared, Recursive: true) },
        { "mount --make-rprivate /", new ChangePropagationOperation("/", PropagationType.Private, Recursive: true) },
        { "mount --make-rslave /", new ChangePropagationOperation("/", PropagationType.Slave, Recursive: true) },
        { "mount --make-runbindable /x", new ChangePropagationOperation("/x", PropagationType.Unbindable, Recursive: true) },
        { "mount /x --make-shared", new ChangePropagationOperation("/x", PropagationType.Shared) },
        { "mount -o rshared /x", new ChangePropagationOperation("/x", PropagationType.Shared, Recursive: true) },
        { "mount -o private /x", new ChangePropagationOperation("/x", PropagationType.Private) },
        { "mount --make-shared --make-shared /x", new ChangePropagationOperation("/x", PropagationType.Shared) },

        // umount
        { "umount /x", new UnmountOperation("/x") },
        { "umount -l /x", new UnmountOperation("/x", Lazy: true) },
        { "umount --lazy /x", new UnmountOperation("/x", Lazy: true) },
        { "umount -R /x", new UnmountOperation("/x", Recursive: true) },
        { "umount --recursive /x", new UnmountOperation("/x", Recursive: true) },
        { "umount -lR /x", new UnmountOperation("/x", Lazy: true, Recursive: true) },
        { "umount -Rl /x", new UnmountOperation("/x", Lazy: true, Recursive: true) },
        { "umount -l -R /x", new UnmountOperation("/x", Lazy: true, Recursive: true) },
        { "umount /x -l", new UnmountOperation("/x", Lazy: true) },

        // namespaces
        { "unshare -m c1", new CreateNamespaceOperation("c1") },
        { "unshare --mount c1", new CreateNamespaceOperation("c1") },
        { "unshare -m --propagation unchanged c1", new CreateNamespaceOperation("c1", NamespacePropagation.Unchanged) },
        { "unshare -m --propagation=slave c2", new CreateNamespaceOperation("c2", NamespacePropagation.Slave) },
        { "unshare --propagation shared -m c3", new CreateNamespaceOperation("c3", NamespacePropagation.Shared) },
        { "unshare -m --propagation private c4", new CreateNamespaceOperation("c4", NamespacePropagation.Private) },
        { "unshare -m --propagation slave --from base c5", new CreateNamespaceOperation("c5", NamespacePropagation.Slave, "base") },
        { "unshare -m --from=c1 c6", new CreateNamespaceOperation("c6", From: "c1") },
        { "rmns c1", new DeleteNamespaceOperation("c1") },

        // pivot_root, cd
        { "pivot_root /new /new/.old", new PivotRootOperation("/new", "/new/.old") },
        { "pivot_root . .", new PivotRootOperation(".", ".") },
        { "cd /data", new ChangeDirectoryOperation("/data") },
        { "cd ..", new ChangeDirectoryOperation("..") },

        // shell lexing around the words
        { "  mount\t--bind  /a   /b  ", new BindMountOperation("/a", "/b") },
        { "mount --bind /a /b # the article's step 1", new BindMountOperation("/a", "/b") },
        { "mount --bind /a /b\n", new BindMountOperation("/a", "/b") },
        { "mount --bind /a /b\r\n", new BindMountOperation("/a", "/b") },
        { "'mount' \"--bind\" /a /b", new BindMountOperation("/a", "/b") },
        { "mount --bind '/my dir' /b\\ c", new BindMountOperation("/my dir", "/b c") },
        { "mount --bind \"/it's\" '/say \"hi\"'", new BindMountOperation("/it's", "/say \"hi\"") },
        { "mount --bind /a#b /c", new BindMountOperation("/a#b", "/c") },
        { "mount --bind '/*' '~/[x]{y}'", new BindMountOperation("/*", "~/[x]{y}") },
        { "mount --bind /a\\\n/b /c", new BindMountOperation("/a/b", "/c") },
        { "mount --bind /cost$ /c", new BindMountOperation("/cost$", "/c") },
        { "mount --bind '$S/A' /c", new BindMountOperation("$S/A", "/c") },
        { "mount --bind /ünïcödé /c", new BindMountOperation("/ünïcödé", "/c") },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Parses_each_form_to_its_operation(string line, Operation expected)
    {
        CommandParseResult result = CommandParser.Parse(line, "/");

        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(expected, result.Operation);
        Assert.Equal(expected.GetType(), result.Operation.GetType());
    }

    [Fact]
    public void Keeps_relative_paths_as_typed_and_resolves_them_against_the_current_directory()
    {
        CommandParseResult result = CommandParser.Parse("mount --bind source1 ../lab/target1", "/scratch/dir");

        Assert.True(result.Success);
        Assert.Equal(new BindMountOperation("source1", "../lab/target1"), result.Operation);
        Assert.Equal(new BindMountOperation("/scratch/dir/source1", "/scratch/lab/target1"), result.Resolved);
        Assert.Equal("/scratch/dir", result.Cwd);
        Assert.Equal("mount --bind source1 ../lab/target1", result.Operation.ShellCommand);
    }

    [Fact]
    public void Resolves_overlay_layers_like_the_mount_point()
    {
        CommandParseResult result = CommandParser.Parse("mount -t overlay o -o lowerdir=l1:../l2,upperdir=u,workdir=w m", "/lab/x");

        Assert.True(result.Success);
        var resolved = Assert.IsType<MountFilesystemOperation>(result.Resolved);
        Assert.Equal("lowerdir=/lab/x/l1:/lab/l2,upperdir=/lab/x/u,workdir=/lab/x/w", resolved.Options);
        Assert.Equal("/lab/x/m", resolved.Target);
        Assert.Equal(["/lab/x/m", "/lab/x/l1", "/lab/l2", "/lab/x/u", "/lab/x/w"], resolved.Paths);
    }

    [Fact]
    public void Cd_resolves_to_the_new_current_directory_without_leaving_the_workspace()
    {
        CommandParseResult result = CommandParser.Parse("cd ../../../..", "/a/b");

        Assert.True(result.Success);
        Assert.Equal("/", Assert.IsType<ChangeDirectoryOperation>(result.Resolved).Path);
    }

    [Fact]
    public void Parses_with_the_workspace_root_as_default_current_directory()
    {
        CommandParseResult result = CommandParser.Parse("umount x");

        Assert.True(result.Success);
        Assert.Equal(new UnmountOperation("/x"), result.Resolved);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("")]
    public void Refuses_a_current_directory_that_is_not_absolute(string cwd)
    {
        Assert.Throws<ArgumentException>(() => CommandParser.Parse("cd /", cwd));
    }

    [Fact]
    public void A_new_mount_separates_generic_flags_from_filesystem_data_like_mount8()
    {
        var op = Assert.IsType<MountFilesystemOperation>(CommandParser.Parse("mount -t tmpfs -o ro,size=1m,nosuid,mode=755,rw,noexec t /x").Operation);

        Assert.Equal(MountFlags.NoSuid | MountFlags.NoExec, op.Flags);
        Assert.Equal("size=1m,mode=755", op.Data);
    }
}
