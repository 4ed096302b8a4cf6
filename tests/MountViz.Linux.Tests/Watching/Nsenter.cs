using System.Globalization;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Watching;

/// <summary>Changes made the way a user in a terminal makes them: <c>nsenter -t PID -m COMMAND</c>.</summary>
internal static class Nsenter
{
    /// <summary>Runs a command in the mount namespace of <paramref name="pid"/>; fails the test when it fails.</summary>
    public static void Run(int pid, params string[] command)
    {
        (int exit, string stdout, string stderr) = Kernel.Run("nsenter", ["-t", pid.ToString(CultureInfo.InvariantCulture), "-m", "--", .. command]);
        Assert.True(exit == 0, $"nsenter -t {pid} -m {string.Join(' ', command)} exited {exit}: {stderr}{stdout}");
    }
}
