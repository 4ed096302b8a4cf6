using System.Runtime.InteropServices;

namespace MountViz.Linux.Interop;

/// <summary>
/// <c>struct open_how</c> of <c>openat2(2)</c>: three 64-bit fields, 24 bytes. The size is
/// passed to the kernel, which rejects sizes it does not know (E2BIG/EINVAL).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OpenHow
{
    /// <summary>The <c>O_*</c> flags.</summary>
    public ulong Flags;

    /// <summary>The mode for <c>O_CREAT</c>/<c>O_TMPFILE</c>; 0 otherwise (the kernel insists).</summary>
    public ulong Mode;

    /// <summary>The <see cref="ResolveFlags"/>.</summary>
    public ulong Resolve;
}
