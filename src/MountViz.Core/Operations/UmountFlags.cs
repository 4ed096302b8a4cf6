namespace MountViz.Core.Operations;

/// <summary>The <c>flags</c> argument of umount2(2), with the Linux values (checked by a test).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The Linux name of this argument.")]
public enum UmountFlags
{
    /// <summary>0: a plain unmount, which fails with EBUSY while the mount is in use.</summary>
    None = 0,

    /// <summary>MNT_FORCE: abort pending requests (only some network filesystems support it).</summary>
    Force = 1,

    /// <summary>MNT_DETACH: lazy; detach the mount and its subtree now, free them when no longer used.</summary>
    Detach = 2,

    /// <summary>MNT_EXPIRE: mark as expired; a second call unmounts it if unused meanwhile.</summary>
    Expire = 4,

    /// <summary>UMOUNT_NOFOLLOW: do not follow a symlink as the target.</summary>
    NoFollow = 8,
}
