using System.Globalization;

namespace MountViz.Web.Tests.ServerKill;

/// <summary>What /proc says about processes: state, mount namespace, command line.</summary>
internal static class ProcessTable
{
    /// <summary>The state letter of /proc/PID/stat (R, S, Z...), or null when there is no such process.</summary>
    public static char? State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so look after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A process's mount namespace inode, or null when it is gone (or a zombie, whose namespaces are released).</summary>
    public static ulong? MountNamespace(int pid)
    {
        try
        {
            string? link = new FileInfo($"/proc/{pid}/ns/mnt").LinkTarget;

            // "mnt:[4026531841]"
            return link is null ? null : ulong.Parse(link.AsSpan()[5..^1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The command line with NULs as spaces, or an empty string when the process is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The parent PID, or null when the process is gone.</summary>
    public static int? ParentPid(int pid)
    {
        try
        {
            string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return int.Parse(line.AsSpan(5).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Every live (not zombie) process whose mount namespace is one of <paramref name="inodes"/>.</summary>
    public static List<int> LiveIn(IReadOnlyCollection<ulong> inodes)
    {
        var found = new List<int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && MountNamespace(pid) is ulong inode
                && inodes.Contains(inode)
                && State(pid) is char state and not 'Z')
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
