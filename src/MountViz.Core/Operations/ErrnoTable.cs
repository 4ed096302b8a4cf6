using System.Collections.Frozen;
using System.Globalization;

namespace MountViz.Core.Operations;

/// <summary>
/// The errno values that mount(2), umount2(2), pivot_root(2), unshare(2), setns(2), mkdir(2),
/// rmdir(2), open(2) and write(2) return, with their x86_64 Linux numbers (checked against the
/// C headers by a test) and their meaning in a lab.
/// </summary>
public static class ErrnoTable
{
    private static readonly ErrnoInfo[] Entries =
    [
        new("EPERM", 1, "Operation not permitted",
            "The caller lacks the privilege for this (CAP_SYS_ADMIN in the user namespace that owns the mount namespace), or the mount or its flags are locked because they were inherited into a less privileged namespace."),
        new("ENOENT", 2, "No such file or directory",
            "A path does not exist: the source, the mount point, or one of their parent directories."),
        new("ESRCH", 3, "No such process",
            "The process named (a namespace's holder) no longer exists."),
        new("EINTR", 4, "Interrupted system call",
            "A signal interrupted the call before it completed; it can be retried."),
        new("EIO", 5, "Input/output error",
            "The filesystem reported a low-level I/O error."),
        new("ENXIO", 6, "No such device or address",
            "The device the source names does not exist."),
        new("EBADF", 9, "Bad file descriptor",
            "A file descriptor argument is not open or not of the right kind (setns: not a namespace file)."),
        new("EAGAIN", 11, "Resource temporarily unavailable",
            "umount2 with MNT_EXPIRE only marked the mount as expired; a second call unmounts it if it stays unused."),
        new("ENOMEM", 12, "Cannot allocate memory",
            "The kernel could not allocate memory, for example to copy the mount table into a new namespace."),
        new("EACCES", 13, "Permission denied",
            "A directory on one of the paths cannot be searched, or the source cannot be used this way (a block device on a nodev mount, a read-only device mounted read-write)."),
        new("EFAULT", 14, "Bad address",
            "An argument points outside the caller's memory; this is a bug in the caller, not a user error."),
        new("ENOTBLK", 15, "Block device required",
            "This filesystem type needs a block device as its source. Lab filesystems need none: tmpfs, ramfs, overlay, proc."),
        new("EBUSY", 16, "Device or resource busy",
            "Something is in use: for umount, a process has a file open or its current directory there, or mounts are below it; for mount, the source is already mounted or the target is busy; for pivot_root, new_root or put_old is the current root or has something mounted on it; for rmdir, the directory is a mount point."),
        new("EEXIST", 17, "File exists",
            "The file or directory exists already."),
        new("EXDEV", 18, "Invalid cross-device link",
            "The operation would cross from one mount or namespace into another, which it cannot do."),
        new("ENODEV", 19, "No such device",
            "The kernel does not know this filesystem type (see /proc/filesystems); its module may not be loaded."),
        new("ENOTDIR", 20, "Not a directory",
            "A component of a path is not a directory, or a directory was required (new_root, put_old, the mount point of a directory), or a file was bound onto a directory or the other way round."),
        new("EISDIR", 21, "Is a directory",
            "The path is a directory where a file was expected."),
        new("EINVAL", 22, "Invalid argument",
            "The kernel refused the arguments in the current state: for example the target is not the root of a mount, a bind source is unbindable, a moved mount's parent is shared, a propagation flag names more than one type, or one of pivot_root's preconditions fails."),
        new("ENFILE", 23, "Too many open files in system",
            "The system-wide limit of open files was reached."),
        new("EMFILE", 24, "Too many open files",
            "The process has too many open files; for mount, the kernel's table of anonymous devices for filesystems without a device is full."),
        new("ETXTBSY", 26, "Text file busy",
            "The file is a program being executed and cannot be written."),
        new("EFBIG", 27, "File too large",
            "The file would exceed the filesystem's or the process's size limit."),
        new("ENOSPC", 28, "No space left on device",
            "The filesystem is full (a tmpfs reached its size=), or a kernel limit was hit: mounts per namespace (/proc/sys/fs/mount-max) or mount namespaces per user (/proc/sys/user/max_mnt_namespaces)."),
        new("EROFS", 30, "Read-only file system",
            "The file or directory is on a read-only mount or filesystem."),
        new("EMLINK", 31, "Too many links",
            "The parent directory has too many links (subdirectories)."),
        new("ENAMETOOLONG", 36, "File name too long",
            "A path or one of its components is too long."),
        new("ENOSYS", 38, "Function not implemented",
            "This kernel does not have the system call."),
        new("ENOTEMPTY", 39, "Directory not empty",
            "rmdir removes only empty directories."),
        new("ELOOP", 40, "Too many levels of symbolic links",
            "Too many symbolic links while resolving a path; or a move would put a mount inside itself; or binding a namespace file would make a namespace refer to itself."),
        new("EOVERFLOW", 75, "Value too large for defined data type",
            "A value does not fit the type the call returns it in."),
        new("EUSERS", 87, "Too many users",
            "unshare: the nesting limit of user namespaces was reached."),
        new("EOPNOTSUPP", 95, "Operation not supported",
            "The filesystem does not support this operation or option."),
        new("ESTALE", 116, "Stale file handle",
            "The path refers to a mount or file that was removed or detached meanwhile (for example a current directory inside a lazily unmounted tree)."),
        new("EDQUOT", 122, "Disk quota exceeded",
            "The user's quota on the filesystem is used up."),
    ];

    private static readonly FrozenDictionary<string, ErrnoInfo> ByName =
        Entries.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<int, ErrnoInfo> ByNumber = Entries.ToFrozenDictionary(e => e.Number);

    /// <summary>Every entry, by number.</summary>
    public static IReadOnlyList<ErrnoInfo> All => Entries;

    /// <summary>The entry for a name (EINVAL), or null.</summary>
    public static ErrnoInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The entry for a number (22), or null.</summary>
    public static ErrnoInfo? Find(int number) => ByNumber.GetValueOrDefault(number);

    /// <summary>The entry for a number; a number not in the table gets a generic entry, so a result can always show something.</summary>
    public static ErrnoInfo Get(int number) => Find(number) ?? new ErrnoInfo(
        "E" + number.ToString(CultureInfo.InvariantCulture),
        number,
        "Unknown error " + number.ToString(CultureInfo.InvariantCulture),
        "An error MountViz has no explanation for; see errno(3).");
}
