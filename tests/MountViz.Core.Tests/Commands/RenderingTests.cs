using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>Each operation renders the exact shell command a user types and the exact system calls, as the article shows them.</summary>
public sealed class RenderingTests
{
    public static TheoryData<Operation, string, string[]> Renderings => new()
    {
        {
            new MakeDirectoryOperation(["/p"]),
            "mkdir /p",
            ["mkdir(\"/p\", 0755)"]
        },
        {
            new MakeDirectoryOperation(["/data/binding/source", "rel/x/"], Parents: true),
            "mkdir -p /data/binding/source rel/x/",
            ["mkdir(\"/data\", 0755)", "mkdir(\"/data/binding\", 0755)", "mkdir(\"/data/binding/source\", 0755)", "mkdir(\"rel\", 0755)", "mkdir(\"rel/x\", 0755)"]
        },
        {
            new MakeDirectoryOperation(["a/../b", "./c"], Parents: true),
            "mkdir -p a/../b ./c",
            ["mkdir(\"a\", 0755)", "mkdir(\"a/../b\", 0755)", "mkdir(\"./c\", 0755)"]
        },
        {
            new MakeDirectoryOperation(["-x", "a b"]),
            "mkdir -- -x 'a b'",
            ["mkdir(\"-x\", 0755)", "mkdir(\"a b\", 0755)"]
        },
        {
            new CreateFileOperation(["/f"]),
            "touch /f",
            ["open(\"/f\", O_WRONLY|O_CREAT|O_NOCTTY, 0644)", "futimens(fd, NULL)", "close(fd)"]
        },
        {
            new WriteFileOperation("/data/binding/source/a", "hello"),
            "echo hello > /data/binding/source/a",
            ["open(\"/data/binding/source/a\", O_WRONLY|O_CREAT|O_TRUNC, 0644)", "write(fd, \"hello\\n\", 6)", "close(fd)"]
        },
        {
            new WriteFileOperation("log", "it's \"x\"", Newline: false, Append: true),
            "echo -n 'it'\\''s \"x\"' >> log",
            ["open(\"log\", O_WRONLY|O_CREAT|O_APPEND, 0644)", "write(fd, \"it's \\\"x\\\"\", 8)", "close(fd)"]
        },
        {
            new WriteFileOperation("f", "", Newline: false),
            "echo -n '' > f",
            ["open(\"f\", O_WRONLY|O_CREAT|O_TRUNC, 0644)", "close(fd)"]
        },
        {
            new WriteFileOperation("f", "é"),
            "echo 'é' > f",
            ["open(\"f\", O_WRONLY|O_CREAT|O_TRUNC, 0644)", "write(fd, \"é\\n\", 3)", "close(fd)"]
        },
        {
            new RemoveDirectoryOperation(["/d", "e"]),
            "rmdir /d e",
            ["rmdir(\"/d\")", "rmdir(\"e\")"]
        },
        {
            MountFilesystemOperation.Tmpfs("src", "/x", "size=1m"),
            "mount -t tmpfs -o size=1m src /x",
            ["mount(\"src\", \"/x\", \"tmpfs\", 0, \"size=1m\")"]
        },
        {
            MountFilesystemOperation.Tmpfs("tmpfs", "/x"),
            "mount -t tmpfs tmpfs /x",
            ["mount(\"tmpfs\", \"/x\", \"tmpfs\", 0, NULL)"]
        },
        {
            MountFilesystemOperation.Tmpfs("t", "/x", "ro,nosuid,size=1m,mode=0755"),
            "mount -t tmpfs -o ro,nosuid,size=1m,mode=0755 t /x",
            ["mount(\"t\", \"/x\", \"tmpfs\", MS_RDONLY|MS_NOSUID, \"size=1m,mode=0755\")"]
        },
        {
            MountFilesystemOperation.Ramfs("r", "/r", "mode=700"),
            "mount -t ramfs -o mode=700 r /r",
            ["mount(\"r\", \"/r\", \"ramfs\", 0, \"mode=700\")"]
        },
        {
            MountFilesystemOperation.Proc("/p"),
            "mount -t proc proc /p",
            ["mount(\"proc\", \"/p\", \"proc\", 0, NULL)"]
        },
        {
            MountFilesystemOperation.Overlay(["/l1", "/l2"], "/u", "/w", "/m"),
            "mount -t overlay -o lowerdir=/l1:/l2,upperdir=/u,workdir=/w overlay /m",
            ["mount(\"overlay\", \"/m\", \"overlay\", 0, \"lowerdir=/l1:/l2,upperdir=/u,workdir=/w\")"]
        },
        {
            new MountFilesystemOperation("tmpfs", "my fs", "/a dir", "size=1m,x-note=a b"),
            "mount -t tmpfs -o 'size=1m,x-note=a b' 'my fs' '/a dir'",
            ["mount(\"my fs\", \"/a dir\", \"tmpfs\", 0, \"size=1m,x-note=a b\")"]
        },
        {
            new BindMountOperation("/a", "/b"),
            "mount --bind /a /b",
            ["mount(\"/a\", \"/b\", NULL, MS_BIND, NULL)"]
        },
        {
            new BindMountOperation("source1", "target1/target2"),
            "mount --bind source1 target1/target2",
            ["mount(\"source1\", \"target1/target2\", NULL, MS_BIND, NULL)"]
        },
        {
            new BindMountOperation("/a", "/b", Recursive: true),
            "mount --rbind /a /b",
            ["mount(\"/a\", \"/b\", NULL, MS_BIND|MS_REC, NULL)"]
        },
        {
            new MoveMountOperation("/a", "/b"),
            "mount --move /a /b",
            ["mount(\"/a\", \"/b\", NULL, MS_MOVE, NULL)"]
        },
        {
            new RemountOperation("/x", MountFlags.ReadOnly, Bind: true),
            "mount -o remount,ro,bind /x",
            ["mount(NULL, \"/x\", NULL, MS_REMOUNT|MS_BIND|MS_RDONLY, NULL)"]
        },
        {
            new RemountOperation("/x", MountFlags.ReadOnly),
            "mount -o remount,ro /x",
            ["mount(NULL, \"/x\", NULL, MS_REMOUNT|MS_RDONLY, NULL)"]
        },
        {
            new RemountOperation("/x"),
            "mount -o remount,rw /x",
            ["mount(NULL, \"/x\", NULL, MS_REMOUNT, NULL)"]
        },
        {
            new RemountOperation("/x", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, Bind: true),
            "mount -o remount,rw,nosuid,nodev,noexec,bind /x",
            ["mount(NULL, \"/x\", NULL, MS_REMOUNT|MS_BIND|MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL)"]
        },
        {
            new RemountOperation("/t", MountFlags.ReadOnly, Data: "size=2m"),
            "mount -o remount,ro,size=2m /t",
            ["mount(NULL, \"/t\", NULL, MS_REMOUNT|MS_RDONLY, \"size=2m\")"]
        },
        {
            new ChangePropagationOperation("/x", PropagationType.Shared, Recursive: true),
            "mount --make-rshared /x",
            ["mount(NULL, \"/x\", NULL, MS_SHARED|MS_REC, NULL)"]
        },
        {
            new ChangePropagationOperation("/x", PropagationType.Shared),
            "mount --make-shared /x",
            ["mount(NULL, \"/x\", NULL, MS_SHARED, NULL)"]
        },
        {
            new ChangePropagationOperation("target1", PropagationType.Slave),
            "mount --make-slave target1",
            ["mount(NULL, \"target1\", NULL, MS_SLAVE, NULL)"]
        },
        {
            new ChangePropagationOperation("/", PropagationType.Private, Recursive: true),
            "mount --make-rprivate /",
            ["mount(NULL, \"/\", NULL, MS_PRIVATE|MS_REC, NULL)"]
        },
        {
            new ChangePropagationOperation("/x", PropagationType.Unbindable),
            "mount --make-unbindable /x",
            ["mount(NULL, \"/x\", NULL, MS_UNBINDABLE, NULL)"]
        },
        {
            new UnmountOperation("/x"),
            "umount /x",
            ["umount2(\"/x\", 0)"]
        },
        {
            new UnmountOperation("/x", Lazy: true),
            "umount -l /x",
            ["umount2(\"/x\", MNT_DETACH)"]
        },
        {
            new UnmountOperation("/x", Recursive: true),
            "umount -R /x",
            ["for each mount below \"/x\", deepest first: umount2(mount_point, 0)", "umount2(\"/x\", 0)"]
        },
        {
            new UnmountOperation("/x", Lazy: true, Recursive: true),
            "umount -l -R /x",
            ["for each mount below \"/x\", deepest first: umount2(mount_point, MNT_DETACH)", "umount2(\"/x\", MNT_DETACH)"]
        },
        {
            new CreateNamespaceOperation("c1"),
            "unshare -m --propagation private c1",
            ["unshare(CLONE_NEWNS)", "mount(NULL, \"/\", NULL, MS_PRIVATE|MS_REC, NULL)"]
        },
        {
            new CreateNamespaceOperation("c1", NamespacePropagation.Slave),
            "unshare -m --propagation slave c1",
            ["unshare(CLONE_NEWNS)", "mount(NULL, \"/\", NULL, MS_SLAVE|MS_REC, NULL)"]
        },
        {
            new CreateNamespaceOperation("c1", NamespacePropagation.Shared),
            "unshare -m --propagation shared c1",
            ["unshare(CLONE_NEWNS)", "mount(NULL, \"/\", NULL, MS_SHARED|MS_REC, NULL)"]
        },
        {
            new CreateNamespaceOperation("c2", NamespacePropagation.Unchanged, From: "base"),
            "unshare -m --propagation unchanged --from base c2",
            ["setns(nsfd /* namespace \"base\" */, CLONE_NEWNS)", "unshare(CLONE_NEWNS)"]
        },
        {
            new DeleteNamespaceOperation("c1"),
            "rmns c1",
            ["kill(holder_pid /* namespace \"c1\" */, SIGKILL)"]
        },
        {
            new PivotRootOperation("/new", "/new/.old"),
            "pivot_root /new /new/.old",
            ["pivot_root(\"/new\", \"/new/.old\")", "chdir(\"/\")", "umount2(\"/.old\", MNT_DETACH)"]
        },
        {
            new PivotRootOperation(".", "."),
            "pivot_root . .",
            ["pivot_root(\".\", \".\")", "chdir(\"/\")", "umount2(\"/\", MNT_DETACH)"]
        },
        {
            new PivotRootOperation("data/busybox/rootfs", "data/busybox/rootfs/.oldrootfs"),
            "pivot_root data/busybox/rootfs data/busybox/rootfs/.oldrootfs",
            ["pivot_root(\"data/busybox/rootfs\", \"data/busybox/rootfs/.oldrootfs\")", "chdir(\"/\")", "umount2(\"/.oldrootfs\", MNT_DETACH)"]
        },
        {
            new PivotRootOperation("/new", "old"),
            "pivot_root /new old",
            ["pivot_root(\"/new\", \"old\")", "chdir(\"/\")", "umount2(put_old as seen from the new root, MNT_DETACH)"]
        },
        {
            new ChangeDirectoryOperation("/data"),
            "cd /data",
            ["chdir(\"/data\")"]
        },
        {
            new ChangeDirectoryOperation("-dash"),
            "cd -- -dash",
            ["chdir(\"-dash\")"]
        },
    };

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Renders_the_shell_command_and_the_system_calls(Operation operation, string shell, string[] syscalls)
    {
        Assert.Equal(shell, operation.ShellCommand);
        Assert.Equal(syscalls, operation.Syscalls);
        Assert.Equal(string.Join("; ", syscalls), operation.SyscallText);
        Assert.Equal(shell, operation.ToString());
    }

    [Fact]
    public void Renders_non_utf8_bytes_and_control_characters_as_c_escapes()
    {
        var bind = new BindMountOperation("/a\tb\nc\\d\u0001", "/x\uDCFF\u007F");

        Assert.Equal("mount(\"/a\\tb\\nc\\\\d\\001\", \"/x\\377\\177\", NULL, MS_BIND, NULL)", bind.Syscalls[0]);
    }

    [Fact]
    public void Exposes_the_arguments_the_executor_passes()
    {
        Assert.Equal(new MountCall("/a", "/b", null, MountFlags.Bind | MountFlags.Recursive, null), new BindMountOperation("/a", "/b", true).Call);
        Assert.Equal(new MountCall("/a", "/b", null, MountFlags.Move, null), new MoveMountOperation("/a", "/b").Call);
        Assert.Equal(
            new MountCall(null, "/x", null, MountFlags.Remount | MountFlags.Bind | MountFlags.ReadOnly | MountFlags.NoExec, null),
            new RemountOperation("/x", MountFlags.ReadOnly | MountFlags.NoExec, Bind: true).Call);
        Assert.Equal(new MountCall(null, "/x", null, MountFlags.Slave | MountFlags.Recursive, null), new ChangePropagationOperation("/x", PropagationType.Slave, true).Call);
        Assert.Equal(new MountCall("s", "/x", "tmpfs", MountFlags.NoDev, "size=1m"), MountFilesystemOperation.Tmpfs("s", "/x", "nodev,size=1m").Call);
        Assert.Equal(new UmountCall("/x", UmountFlags.Detach), new UnmountOperation("/x", Lazy: true).Call);
        Assert.Equal(new MountCall(null, "/", null, MountFlags.Slave | MountFlags.Recursive, null), new CreateNamespaceOperation("c", NamespacePropagation.Slave).PropagationCall);
        Assert.Null(new CreateNamespaceOperation("c", NamespacePropagation.Unchanged).PropagationCall);
        Assert.Equal(new UmountCall("/.old", UmountFlags.Detach), new PivotRootOperation("/new", "/new/.old").DetachCall);
    }

    [Fact]
    public void Maps_every_path_of_a_call_for_the_executor()
    {
        static string Real(string p) => "/proc/self/fd/9" + p;

        Assert.Equal(new MountCall("/proc/self/fd/9/a", "/proc/self/fd/9/b", null, MountFlags.Bind, null), new BindMountOperation("/a", "/b").ToCall(Real));
        Assert.Equal(
            new MountCall("overlay", "/proc/self/fd/9/m", "overlay", MountFlags.ReadOnly, "lowerdir=/proc/self/fd/9/l1:/proc/self/fd/9/l2,upperdir=/proc/self/fd/9/u,workdir=/proc/self/fd/9/w,index=off"),
            new MountFilesystemOperation("overlay", "overlay", "/m", "lowerdir=/l1:/l2,upperdir=/u,ro,workdir=/w,index=off").ToCall(Real));
    }

    [Fact]
    public void Recursive_umount_unmounts_the_mounts_below_first_with_the_same_flags()
    {
        var umount = new UnmountOperation("/x", Lazy: true, Recursive: true);

        Assert.Equal(
            [new UmountCall("/x/a/b", UmountFlags.Detach), new UmountCall("/x/a", UmountFlags.Detach), new UmountCall("/x", UmountFlags.Detach)],
            umount.CallsFor(["/x/a/b", "/x/a"]));
        Assert.Equal([new UmountCall("/x", UmountFlags.None)], new UnmountOperation("/x").CallsFor(["/x/a"]));
    }

    [Theory]
    [InlineData("/new", "/new/.old", "/.old")]
    [InlineData("/new", "/new", "/")]
    [InlineData("/new/", "/new//a/./b", "/a/b")]
    [InlineData("/", "/old", "/old")]
    [InlineData("nr", "nr/old", "/old")]
    [InlineData(".", "old", "/old")]
    [InlineData("/new", "/other", null)]
    [InlineData("/new", "/newer/x", null)]
    [InlineData("/new", "old", null)]
    [InlineData("..", "x", null)]
    public void Tells_where_the_old_root_is_after_the_pivot(string newRoot, string putOld, string? expected)
    {
        Assert.Equal(expected, new PivotRootOperation(newRoot, putOld).OldRootAfterPivot);
    }

    [Fact]
    public void Lists_every_path_an_operation_names()
    {
        Assert.Equal(["a", "b"], new MakeDirectoryOperation(["a", "b"]).Paths);
        Assert.Equal(["/a", "/b"], new BindMountOperation("/a", "/b").Paths);
        Assert.Equal(["/n", "/n/o"], new PivotRootOperation("/n", "/n/o").Paths);
        Assert.Equal(["/m", "/l"], MountFilesystemOperation.Overlay(["/l"], null, null, "/m").Paths);
        Assert.Equal(["f"], new WriteFileOperation("f", "x").Paths);
        Assert.Empty(new CreateNamespaceOperation("c").Paths);
        Assert.Empty(new DeleteNamespaceOperation("c").Paths);
    }

    [Fact]
    public void Writes_the_exact_bytes_echo_writes()
    {
        Assert.Equal("hi\n"u8.ToArray(), new WriteFileOperation("f", "hi").Content);
        Assert.Equal("hi"u8.ToArray(), new WriteFileOperation("f", "hi", Newline: false).Content);
        Assert.Equal(new byte[] { 0xFF, (byte)'\n' }, new WriteFileOperation("f", "\uDCFF").Content);
    }

    [Fact]
    public void Formats_flags_with_their_c_names_in_the_article_order()
    {
        Assert.Equal("0", MountFlags.None.ToC());
        Assert.Equal("MS_REMOUNT|MS_BIND|MS_RDONLY", (MountFlags.ReadOnly | MountFlags.Bind | MountFlags.Remount).ToC());
        Assert.Equal("MS_BIND|MS_REC", (MountFlags.Recursive | MountFlags.Bind).ToC());
        Assert.Equal("MS_RDONLY|0x80000000", (MountFlags.ReadOnly | (MountFlags)0x80000000).ToC());
        Assert.Equal("0", UmountFlags.None.ToC());
        Assert.Equal("MNT_FORCE|MNT_DETACH", (UmountFlags.Detach | UmountFlags.Force).ToC());
        Assert.Equal(25, MountFlagNames.MountFlagsInOrder.Count);
        Assert.Equal(Enum.GetValues<MountFlags>().Length - 1, MountFlagNames.MountFlagsInOrder.Count);
    }
}
