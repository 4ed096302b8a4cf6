using Tmds.Linux;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>statx(2) for a device and a mount ID. Tmds.LibC's struct keeps stx_mnt_id in a private spare field.</summary>
internal static unsafe class Statx
{
    /// <summary>STATX_MNT_ID from linux/stat.h (Linux 5.8).</summary>
    internal const uint MountIdMask = 0x1000;

    /// <summary>offsetof(struct statx, stx_mnt_id); <see cref="Interop.StatxLayoutTests"/> checks it against the header.</summary>
    internal const int MountIdOffset = 144;

    /// <summary>sizeof(struct statx), the size of Tmds.LibC's struct too.</summary>
    internal const int Size = 256;

    /// <summary>Stats <paramref name="path"/> (following the last component) in the calling thread's namespace.</summary>
    public static PathStat Of(byte[] path)
    {
        statx buffer = default;
        fixed (byte* p = BytePath.NullTerminated(path))
        {
            SyscallException.Check(LibC.statx(LibC.AT_FDCWD, p, 0, LibC.STATX_BASIC_STATS | MountIdMask, &buffer), "statx", path);
        }

        if ((buffer.stx_mask & MountIdMask) == 0)
        {
            throw new PlatformNotSupportedException("statx returned no mount ID (STATX_MNT_ID needs Linux 5.8 or later).");
        }

        ulong mountId = *(ulong*)((byte*)&buffer + MountIdOffset);
        return new PathStat(buffer.stx_dev_major, buffer.stx_dev_minor, checked((int)mountId));
    }
}
