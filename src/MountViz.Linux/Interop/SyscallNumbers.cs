using System.Runtime.InteropServices;

namespace MountViz.Linux.Interop;

/// <summary>
/// Numbers of the syscalls that glibc 2.36 (Debian 12) and Tmds.LibC have no wrapper for.
/// Newer syscalls share one number on every architecture; older ones differ per architecture.
/// Checked against <c>&lt;sys/syscall.h&gt;</c> by the interop tests.
/// </summary>
internal static class SyscallNumbers
{
    /// <summary><c>openat2</c> (5.6+): the same number on every architecture.</summary>
    public const int OpenAt2 = 437;

    /// <summary><c>pivot_root</c>: 155 on x86_64, 41 on arm64 (asm-generic).</summary>
    public static int PivotRoot => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 155,
        Architecture.Arm64 => 41,
        Architecture other => throw new PlatformNotSupportedException(
            $"MountViz knows the pivot_root syscall number for x64 and arm64 only, not {other}."),
    };
}
