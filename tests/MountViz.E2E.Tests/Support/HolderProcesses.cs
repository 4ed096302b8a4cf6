using System.Diagnostics;
using System.Globalization;
using MountViz.Web.Tests.ServerKill;

namespace MountViz.E2E.Tests.Support;

/// <summary>The lab holder processes (<c>mountviz-holder lab=ID ns=NAME</c>) a server started.</summary>
internal static class HolderProcesses
{
    private const string Marker = "mountviz-holder ";

    /// <summary>Live holders whose parent is <paramref name="serverPid"/>, with their command lines.</summary>
    public static List<(int Pid, string CommandLine)> Of(int serverPid)
    {
        var found = new List<(int, string)>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && ProcessTable.ParentPid(pid) == serverPid
                && ProcessTable.CommandLine(pid) is { } command
                && command.StartsWith(Marker, StringComparison.Ordinal)
                && ProcessTable.State(pid) is char and not 'Z')
            {
                found.Add((pid, command));
            }
        }

        return found;
    }

    /// <summary>Which of <paramref name="holders"/> still run as the same holder (not gone, not a zombie, PID not reused).</summary>
    public static List<(int Pid, string CommandLine)> StillRunning(IEnumerable<(int Pid, string CommandLine)> holders) =>
        [.. holders.Where(h => ProcessTable.State(h.Pid) is char and not 'Z' && ProcessTable.CommandLine(h.Pid) == h.CommandLine)];

    /// <summary>SIGKILLs each of <paramref name="holders"/> that still runs (by PID, after checking it is still that holder).</summary>
    public static void Kill(IEnumerable<(int Pid, string CommandLine)> holders)
    {
        foreach ((int pid, _) in StillRunning(holders))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }
}
