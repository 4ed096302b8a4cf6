using System.Runtime.InteropServices;

namespace MountViz.Linux.Namespaces;

/// <summary>
/// The syscalls a holder's <c>sleep infinity</c> waits in, by architecture: coreutils sleeps an
/// infinite time with <c>pause()</c> (the <c>pause</c> syscall on x86-64, <c>ppoll</c> on arm64,
/// which has no <c>pause</c>) and a finite one with glibc's <c>nanosleep</c> (<c>clock_nanosleep</c>
/// on current glibc, <c>nanosleep</c> on older ones). <c>/proc/PID/syscall</c> names the syscall
/// a blocked process is in; the dynamic loader makes none of these.
/// </summary>
internal static class SleepSyscalls
{
    /// <summary>True when <paramref name="number"/> is one of the syscalls <c>sleep</c> waits in on this architecture.</summary>
    /// <exception cref="PlatformNotSupportedException">Neither x86-64 nor arm64.</exception>
    public static bool Contains(long number) => RuntimeInformation.ProcessArchitecture switch
    {
        // pause, nanosleep, clock_nanosleep.
        Architecture.X64 => number is 34 or 35 or 230,

        // ppoll, nanosleep, clock_nanosleep (asm-generic).
        Architecture.Arm64 => number is 73 or 101 or 115,
        Architecture other => throw new PlatformNotSupportedException(
            $"MountViz knows the sleep syscall numbers for x86-64 and arm64 only, not {other}; it cannot tell when a namespace holder has finished starting."),
    };
}
