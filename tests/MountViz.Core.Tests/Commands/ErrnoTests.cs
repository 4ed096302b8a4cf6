using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>A failed operation is explained: errno, meaning, what to do for this operation, and the failed precondition when known.</summary>
public sealed class ErrnoTests
{
    [Theory]
    [InlineData("EPERM")]
    [InlineData("ENOENT")]
    [InlineData("EINVAL")]
    [InlineData("EBUSY")]
    [InlineData("ELOOP")]
    [InlineData("EACCES")]
    [InlineData("ENOTDIR")]
    [InlineData("EEXIST")]
    [InlineData("ENOTEMPTY")]
    [InlineData("ENOSPC")]
    [InlineData("ENOMEM")]
    [InlineData("EXDEV")]
    [InlineData("ENODEV")]
    [InlineData("ENOTBLK")]
    [InlineData("EMFILE")]
    [InlineData("ESTALE")]
    [InlineData("EROFS")]
    [InlineData("EBADF")]
    [InlineData("EAGAIN")]
    [InlineData("EFAULT")]
    [InlineData("ENAMETOOLONG")]
    [InlineData("ENXIO")]
    public void Knows_the_errors_of_mount_umount2_pivot_root_mkdir_and_setns(string name)
    {
        ErrnoInfo? errno = ErrnoTable.Find(name);

        Assert.NotNull(errno);
        Assert.Same(errno, ErrnoTable.Find(errno.Number));
        Assert.False(string.IsNullOrWhiteSpace(errno.Meaning));
    }

    [Fact]
    public void Names_and_numbers_are_unique()
    {
        Assert.Equal(ErrnoTable.All.Count, ErrnoTable.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(ErrnoTable.All.Count, ErrnoTable.All.Select(e => e.Number).Distinct().Count());
    }

    [Fact]
    public void An_unknown_number_still_explains_itself()
    {
        ErrnoInfo errno = ErrnoTable.Get(4095);

        Assert.Equal("E4095", errno.Name);
        Assert.Null(ErrnoTable.Find(4095));
        Assert.Equal("E4095 (Unknown error 4095)", errno.ToString());
    }

    public static TheoryData<Operation, int, string> Hints => new()
    {
        { new BindMountOperation("/a", "/b"), 22, "`mount --make-private /a` makes it bindable again" },
        { new BindMountOperation("/a", "/b"), 2, "`mkdir -p /b`" },
        { new BindMountOperation("/x", "/x/m", Recursive: true), 28, "rbind of a tree into itself" },
        { new MoveMountOperation("/a", "/b"), 22, "parent mount is not shared" },
        { new MoveMountOperation("/a", "/a/in"), 40, "outside /a" },
        { new UnmountOperation("/x"), 16, "`umount -R /x` unmounts the mounts below first; `umount -l /x` detaches it now" },
        { new UnmountOperation("/x"), 22, "Nothing is mounted at /x" },
        { new ChangePropagationOperation("/d", PropagationType.Shared), 22, "`mount --bind /d /d`" },
        { new PivotRootOperation("/new", "/new/old"), 22, "put_old is at or under new_root" },
        { new PivotRootOperation("/new", "/new/old"), 16, "new_root or put_old is the current root" },
        { MountFilesystemOperation.Tmpfs("t", "/x", "bogus"), 22, "tmpfs takes size=" },
        { MountFilesystemOperation.Overlay(["/l"], "/u", "/w", "/m"), 22, "workdir must be an empty directory" },
        { new MountFilesystemOperation("nosuchfs", "s", "/x"), 19, "'nosuchfs'; /proc/filesystems" },
        { new MountFilesystemOperation("ext4", "/dev/x", "/x"), 15, "tmpfs, ramfs, overlay or proc" },
        { new MakeDirectoryOperation(["/a/b"]), 2, "`mkdir -p` creates the parents" },
        { new MakeDirectoryOperation(["/a"]), 17, "`mkdir -p` accepts existing directories" },
        { new RemoveDirectoryOperation(["/m"]), 16, "unmount what is mounted there first" },
        { new RemoveDirectoryOperation(["/m"]), 39, "Empty the directory first" },
        { new WriteFileOperation("/f", "x"), 30, "mount -o remount,rw DIR" },
        { new CreateNamespaceOperation("c1"), 28, "max_mnt_namespaces" },
        { new RemountOperation("/x", MountFlags.ReadOnly), 1, "locked" },
        { new ChangeDirectoryOperation("/nope"), 2, "`mkdir -p /nope`" },
    };

    [Theory]
    [MemberData(nameof(Hints))]
    public void Advises_what_to_do_for_the_operation_that_failed(Operation operation, int errno, string advice)
    {
        ErrnoExplanation explanation = ErrnoExplanation.For(operation, errno);

        Assert.Equal(errno, explanation.Errno.Number);
        Assert.Contains(advice, explanation.Hint, StringComparison.Ordinal);
        Assert.Contains(explanation.Errno.Meaning, explanation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Has_no_advice_where_there_is_none_to_give()
    {
        Assert.Null(ErrnoHints.For(new DeleteNamespaceOperation("c1"), "EINTR"));
    }

    [Fact]
    public void A_known_cause_is_said_and_its_fix_replaces_the_generic_hint()
    {
        var cause = new FailureCause(
            "a moved mount's parent is not shared",
            "/P/src sits under /P, which is shared (shared:3).",
            "mount --make-private /P");

        ErrnoExplanation explanation = ErrnoExplanation.For(new MoveMountOperation("/P/src", "/Q/a"), 22, cause);

        Assert.Equal(
            "EINVAL (Invalid argument): " + ErrnoTable.Find("EINVAL")!.Meaning
            + " Cause: /P/src sits under /P, which is shared (shared:3). What to do: mount --make-private /P",
            explanation.Message);
        Assert.Equal(explanation.Message, explanation.ToString());
    }
}
