namespace MountViz.Linux.Interop;

/// <summary>
/// The <c>RESOLVE_*</c> flags of <c>openat2(2)</c> (<c>&lt;linux/openat2.h&gt;</c>).
/// Checked against the C header by the interop tests.
/// </summary>
[Flags]
internal enum ResolveFlags : ulong
{
    /// <summary>No restriction.</summary>
    None = 0,

    /// <summary><c>RESOLVE_NO_XDEV</c>: do not cross a mount point.</summary>
    NoCrossDevice = 0x01,

    /// <summary><c>RESOLVE_NO_MAGICLINKS</c>: refuse <c>/proc/PID/fd/N</c>-style links.</summary>
    NoMagicLinks = 0x02,

    /// <summary><c>RESOLVE_NO_SYMLINKS</c>: refuse every symlink.</summary>
    NoSymlinks = 0x04,

    /// <summary><c>RESOLVE_BENEATH</c>: fail (EXDEV) when resolution would leave the directory.</summary>
    Beneath = 0x08,

    /// <summary><c>RESOLVE_IN_ROOT</c>: treat the directory as the root (chroot-like scoping of <c>..</c> and absolute links).</summary>
    InRoot = 0x10,
}
