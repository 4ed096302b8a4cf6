namespace MountViz.Core.Operations;

/// <summary>
/// What to do when an operation fails with an errno: advice per kind of operation, naming the
/// operation's own paths and the command that helps. It does not look at mount tables; when
/// those tell which precondition failed, a <see cref="FailureCause"/> says it more precisely.
/// </summary>
public static class ErrnoHints
{
    /// <summary>The advice for <paramref name="errno"/> (a name such as EINVAL) after <paramref name="operation"/>, or null.</summary>
    public static string? For(Operation operation, string errno)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(errno);
        return Specific(operation, errno) ?? Common(operation, errno);
    }

    private static string Q(string word) => ShellQuote.Quote(word);

    private static string? Specific(Operation operation, string errno) => (operation, errno) switch
    {
        (BindMountOperation b, "EINVAL") =>
            $"Check that {Q(b.Source)} is not unbindable (its mountinfo shows 'unbindable'; `mount --make-private {Q(b.Source)}` makes it bindable again) and that both paths are in this namespace.",
        (BindMountOperation b, "ENOENT") =>
            $"Create the mount point first: `mkdir -p {Q(b.Target)}` for a directory, `touch {Q(b.Target)}` to bind a file.",
        (BindMountOperation, "ENOTDIR") =>
            "Bind a directory onto a directory and a file onto a file.",
        (BindMountOperation { Recursive: true }, "ENOSPC") =>
            "The namespace reached its mount limit. An rbind of a tree into itself multiplies its mounts: make the destination's parent unbindable first, or bind without recursion.",
        (MoveMountOperation m, "EINVAL") =>
            $"{Q(m.Source)} must be the root of a mount (a mount point) whose parent mount is not shared (`mount --make-private` on the parent first), the target must not lie inside it, and a shared destination cannot take a tree that contains an unbindable mount.",
        (MoveMountOperation m, "ELOOP") =>
            $"The target lies inside the mount being moved; choose a target outside {Q(m.Source)}.",
        (RemountOperation r, "EINVAL") =>
            $"{Q(r.Target)} must be the root of a mount, and filesystem options must be valid for its type.",
        (RemountOperation, "EPERM") =>
            "The flag is locked: it was set on a mount inherited into a less privileged namespace, where it cannot be cleared.",
        (MountFilesystemOperation m, "ENODEV") =>
            $"The kernel does not know the filesystem type '{m.FsType}'; /proc/filesystems lists the ones it knows.",
        (MountFilesystemOperation, "ENOTBLK") =>
            "Use a filesystem that needs no block device: tmpfs, ramfs, overlay or proc.",
        (MountFilesystemOperation m, "EINVAL") => m.FsType switch
        {
            "tmpfs" => "Check the options: tmpfs takes size=, nr_inodes=, mode=, uid=, gid= and the generic ones (ro, nosuid, nodev, noexec, ...).",
            "overlay" => "Check the options: overlay needs lowerdir=, and upperdir= with workdir= on the same filesystem; workdir must be an empty directory.",
            _ => $"Check the options for '{m.FsType}' and that the mount point is a directory.",
        },
        (MountFilesystemOperation m, "ENOENT") =>
            $"Create the mount point (and overlay directories) first: `mkdir -p {Q(m.Target)}`.",
        (UnmountOperation u, "EINVAL") =>
            $"Nothing is mounted at {Q(u.Target)} (it is not the root of a mount), or the mount is locked.",
        (UnmountOperation u, "EBUSY") =>
            $"Mounts below it or a process use it: `umount -R {Q(u.Target)}` unmounts the mounts below first; `umount -l {Q(u.Target)}` detaches it now and frees it when it is no longer used.",
        (ChangePropagationOperation c, "EINVAL") =>
            $"{Q(c.Target)} must be the root of a mount. To give a plain directory its own mount, bind it onto itself first: `mount --bind {Q(c.Target)} {Q(c.Target)}`.",
        (CreateNamespaceOperation, "ENOSPC") =>
            "Too many mount namespaces (/proc/sys/user/max_mnt_namespaces); delete namespaces that are no longer needed.",
        (CreateNamespaceOperation, "EINVAL") =>
            "The namespace to clone could not be entered; check that it still exists.",
        (PivotRootOperation, "EINVAL") =>
            "Check pivot_root's preconditions: new_root and put_old are directories; neither is the current root; put_old is at or under new_root; new_root is a mount point but not /; the current root is a mount point. Also none of new_root's mount, its parent mount and the current root's parent mount may be shared (`mount --make-rprivate /` first). To make new_root a mount point, bind it onto itself.",
        (PivotRootOperation, "EBUSY") =>
            "new_root or put_old is the current root, or something is already mounted on put_old.",
        (PivotRootOperation, "ENOTDIR") =>
            "new_root and put_old must both be directories.",
        (MakeDirectoryOperation { Parents: false }, "EEXIST") =>
            "It exists already; `mkdir -p` accepts existing directories.",
        (MakeDirectoryOperation, "EEXIST") =>
            "A file (not a directory) with that name exists; remove it or choose another name.",
        (MakeDirectoryOperation { Parents: false }, "ENOENT") =>
            "A parent directory is missing; `mkdir -p` creates the parents too.",
        (RemoveDirectoryOperation, "ENOTEMPTY") =>
            "Empty the directory first.",
        (RemoveDirectoryOperation, "EBUSY") =>
            "It is a mount point (or in use); unmount what is mounted there first.",
        (CreateFileOperation or WriteFileOperation, "EISDIR") =>
            "The path is a directory; name a file inside it.",
        (CreateFileOperation or WriteFileOperation, "ENOENT") =>
            "The directory that should hold the file is missing; create it with `mkdir -p`.",
        (ChangeDirectoryOperation c, "ENOENT") =>
            $"{Q(c.Path)} does not exist in this namespace; create it with `mkdir -p {Q(c.Path)}`.",
        _ => null,
    };

    private static string? Common(Operation operation, string errno) => errno switch
    {
        "EROFS" => "The mount is read-only; make it writable with `mount -o remount,rw DIR` (add bind for a bind mount).",
        "ENOTDIR" => "A component of a path is a file, not a directory; check the path.",
        "ENOSPC" when operation is BindMountOperation or MountFilesystemOperation or MoveMountOperation =>
            "The namespace reached its mount limit (/proc/sys/fs/mount-max); unmount mounts that are no longer needed.",
        "ENOSPC" => "The filesystem is full; a tmpfs can be enlarged with `mount -o remount,size=... DIR`.",
        "EPERM" => "MountViz runs this with CAP_SYS_ADMIN; EPERM means the mount is locked or the kernel forbids it in this namespace.",
        "EACCES" => "A directory on the path cannot be searched, or the mount forbids it (nodev, noexec, read-only).",
        "ELOOP" => "Too many symbolic links on the path; use the path without them.",
        "ENAMETOOLONG" => "Use a shorter path.",
        _ => null,
    };
}
