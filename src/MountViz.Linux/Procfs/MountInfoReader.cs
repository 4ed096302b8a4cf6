using MountViz.Core.Model;

namespace MountViz.Linux.Procfs;

/// <summary>Reads a process's mount table from <c>/proc/PID/mountinfo</c>.</summary>
public static class MountInfoReader
{
    /// <summary>The mountinfo path of a process; <c>self</c> when <paramref name="pid"/> is null.</summary>
    public static string PathOf(int? pid) => pid is int p ? $"/proc/{p}/mountinfo" : "/proc/self/mountinfo";

    /// <summary>Reads and parses the mount table that process <paramref name="pid"/> sees.</summary>
    /// <exception cref="IOException">The process does not exist or its mountinfo cannot be read.</exception>
    public static MountTable ReadPid(int? pid) => ReadFile(PathOf(pid));

    /// <summary>Reads and parses a mountinfo file (a procfs file or a saved copy).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MountTable ReadFile(string path) => MountTable.Parse(ProcFiles.ReadAllBytes(path));
}
