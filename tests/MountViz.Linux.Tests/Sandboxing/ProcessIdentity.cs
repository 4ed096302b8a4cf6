using System.Globalization;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// A process as PID plus start time (field 22 of <c>/proc/PID/stat</c>), so a reused PID is not
/// taken for the process that had it before.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>The identity of a running process, or null when it is gone.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) may contain spaces and ')': fields after it start past the last ')'.
        string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcessIdentity(pid, ulong.Parse(rest[19], CultureInfo.InvariantCulture));
    }

    /// <summary>True while this very process exists (a zombie counts: it still holds its PID).</summary>
    public bool IsAlive => Of(Pid) == this;
}
