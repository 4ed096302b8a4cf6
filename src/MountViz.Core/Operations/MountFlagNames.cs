namespace MountViz.Core.Operations;

/// <summary>C names of <see cref="MountFlags"/> and <see cref="UmountFlags"/>, for rendering calls.</summary>
public static class MountFlagNames
{
    // Order of rendering: what the call does first (remount, bind, move, propagation), then
    // MS_REC, then the per-mount attributes; so MS_REMOUNT|MS_BIND|MS_RDONLY and MS_SHARED|MS_REC
    // read as the article writes them.
    private static readonly (MountFlags Flag, string Name)[] MountOrder =
    [
        (MountFlags.Remount, "MS_REMOUNT"),
        (MountFlags.Bind, "MS_BIND"),
        (MountFlags.Move, "MS_MOVE"),
        (MountFlags.Shared, "MS_SHARED"),
        (MountFlags.Private, "MS_PRIVATE"),
        (MountFlags.Slave, "MS_SLAVE"),
        (MountFlags.Unbindable, "MS_UNBINDABLE"),
        (MountFlags.Recursive, "MS_REC"),
        (MountFlags.ReadOnly, "MS_RDONLY"),
        (MountFlags.NoSuid, "MS_NOSUID"),
        (MountFlags.NoDev, "MS_NODEV"),
        (MountFlags.NoExec, "MS_NOEXEC"),
        (MountFlags.Synchronous, "MS_SYNCHRONOUS"),
        (MountFlags.MandatoryLock, "MS_MANDLOCK"),
        (MountFlags.DirSync, "MS_DIRSYNC"),
        (MountFlags.NoSymFollow, "MS_NOSYMFOLLOW"),
        (MountFlags.NoAtime, "MS_NOATIME"),
        (MountFlags.NoDirAtime, "MS_NODIRATIME"),
        (MountFlags.RelAtime, "MS_RELATIME"),
        (MountFlags.StrictAtime, "MS_STRICTATIME"),
        (MountFlags.LazyTime, "MS_LAZYTIME"),
        (MountFlags.Silent, "MS_SILENT"),
        (MountFlags.PosixAcl, "MS_POSIXACL"),
        (MountFlags.KernMount, "MS_KERNMOUNT"),
        (MountFlags.IVersion, "MS_I_VERSION"),
    ];

    private static readonly (UmountFlags Flag, string Name)[] UmountOrder =
    [
        (UmountFlags.Force, "MNT_FORCE"),
        (UmountFlags.Detach, "MNT_DETACH"),
        (UmountFlags.Expire, "MNT_EXPIRE"),
        (UmountFlags.NoFollow, "UMOUNT_NOFOLLOW"),
    ];

    /// <summary>Every mount flag with its C name, in rendering order.</summary>
    public static IReadOnlyList<(MountFlags Flag, string Name)> MountFlagsInOrder => MountOrder;

    /// <summary>Every umount2 flag with its C name.</summary>
    public static IReadOnlyList<(UmountFlags Flag, string Name)> UmountFlagsInOrder => UmountOrder;

    /// <summary><c>MS_REMOUNT|MS_BIND|MS_RDONLY</c>; <c>0</c> for none; unknown bits in hex.</summary>
    public static string ToC(this MountFlags flags)
    {
        var names = new List<string>();
        ulong rest = (ulong)flags;
        foreach ((MountFlags flag, string name) in MountOrder)
        {
            if ((rest & (ulong)flag) != 0)
            {
                names.Add(name);
                rest &= ~(ulong)flag;
            }
        }

        if (rest != 0)
        {
            names.Add($"0x{rest:x}");
        }

        return names.Count == 0 ? "0" : string.Join('|', names);
    }

    /// <summary><c>MNT_DETACH</c>; <c>0</c> for none; unknown bits in hex.</summary>
    public static string ToC(this UmountFlags flags)
    {
        var names = new List<string>();
        int rest = (int)flags;
        foreach ((UmountFlags flag, string name) in UmountOrder)
        {
            if ((rest & (int)flag) != 0)
            {
                names.Add(name);
                rest &= ~(int)flag;
            }
        }

        if (rest != 0)
        {
            names.Add($"0x{rest:x}");
        }

        return names.Count == 0 ? "0" : string.Join('|', names);
    }
}
