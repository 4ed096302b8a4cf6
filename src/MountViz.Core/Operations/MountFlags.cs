namespace MountViz.Core.Operations;

/// <summary>
/// The <c>mountflags</c> argument of mount(2), with the values of
/// <c>&lt;sys/mount.h&gt;</c> on Linux (checked against the C headers by a test).
/// <see cref="MountFlagNames.ToC"/> writes them as the C names.
/// </summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The Linux name of this argument, as the article and mount(2) use it.")]
public enum MountFlags : ulong
{
    /// <summary>0: a new mount, nothing else requested.</summary>
    None = 0,

    /// <summary>MS_RDONLY: read-only.</summary>
    ReadOnly = 1,

    /// <summary>MS_NOSUID: ignore set-user-ID and set-group-ID bits.</summary>
    NoSuid = 2,

    /// <summary>MS_NODEV: no access to device files.</summary>
    NoDev = 4,

    /// <summary>MS_NOEXEC: programs cannot be executed.</summary>
    NoExec = 8,

    /// <summary>MS_SYNCHRONOUS: writes are synchronous.</summary>
    Synchronous = 16,

    /// <summary>MS_REMOUNT: change the flags and data of an existing mount.</summary>
    Remount = 32,

    /// <summary>MS_MANDLOCK: mandatory locking (removed from the kernel).</summary>
    MandatoryLock = 64,

    /// <summary>MS_DIRSYNC: directory changes are synchronous.</summary>
    DirSync = 128,

    /// <summary>MS_NOSYMFOLLOW: do not follow symlinks on this mount.</summary>
    NoSymFollow = 256,

    /// <summary>MS_NOATIME: do not update access times.</summary>
    NoAtime = 1024,

    /// <summary>MS_NODIRATIME: do not update directory access times.</summary>
    NoDirAtime = 2048,

    /// <summary>MS_BIND: make an existing file or directory visible at another place.</summary>
    Bind = 4096,

    /// <summary>MS_MOVE: move an existing mount (with its subtree) to another place.</summary>
    Move = 8192,

    /// <summary>MS_REC: with MS_BIND the whole subtree (rbind); with a propagation flag every mount below too.</summary>
    Recursive = 16384,

    /// <summary>MS_SILENT: suppress some kernel messages.</summary>
    Silent = 32768,

    /// <summary>MS_POSIXACL: the filesystem supports POSIX ACLs (set by filesystems, not callers).</summary>
    PosixAcl = 1 << 16,

    /// <summary>MS_UNBINDABLE: make the mount unbindable (private, and no bind may use it as a source).</summary>
    Unbindable = 1 << 17,

    /// <summary>MS_PRIVATE: make the mount private (sends and receives no events).</summary>
    Private = 1 << 18,

    /// <summary>MS_SLAVE: make the mount a slave of its peer group (receives, never sends).</summary>
    Slave = 1 << 19,

    /// <summary>MS_SHARED: make the mount shared (a peer group that sends and receives events).</summary>
    Shared = 1 << 20,

    /// <summary>MS_RELATIME: update access times relative to modification times.</summary>
    RelAtime = 1 << 21,

    /// <summary>MS_KERNMOUNT: a kernel-internal mount (never set by callers).</summary>
    KernMount = 1 << 22,

    /// <summary>MS_I_VERSION: update inode version numbers.</summary>
    IVersion = 1 << 23,

    /// <summary>MS_STRICTATIME: always update access times.</summary>
    StrictAtime = 1 << 24,

    /// <summary>MS_LAZYTIME: keep time updates in memory and write them lazily.</summary>
    LazyTime = 1 << 25,
}
