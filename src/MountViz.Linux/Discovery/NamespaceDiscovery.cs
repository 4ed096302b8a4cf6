using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Interop;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Discovery;

/// <summary>
/// Finds every mount namespace on the machine, read-only: from <c>/proc/*/ns/mnt</c> and from
/// nsfs files bind-mounted somewhere (a namespace kept alive without a process, as
/// <c>ip netns</c> does for network namespaces). Never enters a namespace. Processes that end
/// mid-scan, or whose files cannot be read, are skipped without a word.
/// </summary>
public static class NamespaceDiscovery
{
    private const int MaxCommandLength = 256;
    private const string MountNamespacePrefix = "mnt:[";

    /// <summary>Scans the machine: the server's namespace first, then by lowest PID, then namespaces with no process.</summary>
    public static ImmutableArray<DiscoveredNamespace> Scan(NamespaceDiscoveryOptions? options = null)
    {
        options ??= new NamespaceDiscoveryOptions();
        string proc = options.ProcRoot.TrimEnd('/');
        ulong? server = TryNamespaceOf(proc, "self");

        var members = new Dictionary<ulong, List<int>>();
        foreach (int pid in Pids(proc))
        {
            if (TryNamespaceOf(proc, pid.ToString(CultureInfo.InvariantCulture)) is ulong inode)
            {
                if (!members.TryGetValue(inode, out List<int>? pids))
                {
                    members[inode] = pids = [];
                }

                pids.Add(pid);
            }
        }

        var found = new List<(ulong Inode, ImmutableArray<DiscoveredProcess> Processes, int? Representative)>();
        foreach ((ulong inode, List<int> pids) in members)
        {
            pids.Sort();
            var processes = ImmutableArray.CreateBuilder<DiscoveredProcess>(pids.Count);
            foreach (int pid in pids)
            {
                processes.Add(new DiscoveredProcess(pid, CommandOf(proc, pid)));
            }

            ImmutableArray<DiscoveredProcess> list = processes.MoveToImmutable();
            found.Add((inode, list, ChooseRepresentative(proc, inode, list)));
        }

        Dictionary<ulong, List<string>> pins = FindNsfsPins(proc, server, found, options.NsfsInEveryNamespace);
        var result = new List<DiscoveredNamespace>(found.Count + pins.Count);
        foreach ((ulong inode, ImmutableArray<DiscoveredProcess> processes, int? representative) in found)
        {
            result.Add(new DiscoveredNamespace(
                inode,
                processes,
                representative,
                pins.TryGetValue(inode, out List<string>? paths) ? [.. paths] : [],
                inode == server,
                options.LabNamespaces.GetValueOrDefault(inode)));
        }

        foreach ((ulong inode, List<string> paths) in pins)
        {
            if (!members.ContainsKey(inode))
            {
                result.Add(new DiscoveredNamespace(inode, [], null, [.. paths], inode == server, options.LabNamespaces.GetValueOrDefault(inode)));
            }
        }

        return [.. result
            .OrderByDescending(n => n.IsServerNamespace)
            .ThenBy(n => n.Processes.IsEmpty)
            .ThenBy(n => n.Processes.IsEmpty ? 0 : n.Processes[0].Pid)
            .ThenBy(n => n.Inode)];
    }

    /// <summary>
    /// A process that can stand for namespace <paramref name="inode"/> now (see
    /// <see cref="DiscoveredNamespace.RepresentativePid"/>), for when the one in use ended; null
    /// when no process is left in it.
    /// </summary>
    public static int? FindRepresentative(ulong inode, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        string proc = procRoot.TrimEnd('/');
        var candidates = new List<DiscoveredProcess>();
        foreach (int pid in Pids(proc))
        {
            if (TryNamespaceOf(proc, pid.ToString(CultureInfo.InvariantCulture)) == inode)
            {
                candidates.Add(new DiscoveredProcess(pid, CommandOf(proc, pid)));
            }
        }

        return ChooseRepresentative(proc, inode, [.. candidates.OrderBy(c => c.Pid)]);
    }

    /// <summary>The mount namespace inode of a process (<c>self</c> or a PID), or null when it is gone or hidden.</summary>
    public static ulong? TryNamespaceOf(string procRoot, string process)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        try
        {
            return TryParseMountNamespace(Syscalls.ReadLink($"{procRoot.TrimEnd('/')}/{process}/ns/mnt"), out ulong inode) ? inode : null;
        }
        catch (IOException)
        {
            return null; // Ended meanwhile (ENOENT), a zombie, or not ours to look at (EACCES).
        }
    }

    /// <summary>Parses <c>mnt:[4026531841]</c>, as an ns link and an nsfs mount's root field read.</summary>
    public static bool TryParseMountNamespace(string text, out ulong inode)
    {
        ArgumentNullException.ThrowIfNull(text);
        inode = 0;
        return text.StartsWith(MountNamespacePrefix, StringComparison.Ordinal)
            && text.EndsWith(']')
            && ulong.TryParse(text.AsSpan(MountNamespacePrefix.Length, text.Length - MountNamespacePrefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }

    /// <summary>
    /// True when the process's root is the top of its namespace's root mount. Seen through the
    /// magic link <c>/proc/PID/root</c>, <c>..</c> of that root stays put only at the top of the
    /// namespace (there is no parent mount to climb to); a chrooted process's root has a parent
    /// directory, so <c>..</c> leads elsewhere.
    /// </summary>
    public static bool RootIsNamespaceRoot(string procRoot, int pid)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        string root = $"{procRoot.TrimEnd('/')}/{pid.ToString(CultureInfo.InvariantCulture)}/root";
        try
        {
            return Syscalls.Identity(root) == Syscalls.Identity(root + "/..");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int? ChooseRepresentative(string proc, ulong inode, ImmutableArray<DiscoveredProcess> processes)
    {
        // User processes first (a kernel thread stands in only for a namespace of its own, like
        // kdevtmpfs's), lowest PID first (usually the namespace's init), and only one still in
        // the namespace after the check (it may have ended or moved meanwhile).
        foreach (bool kernelThreads in (ReadOnlySpan<bool>)[false, true])
        {
            foreach (DiscoveredProcess process in processes)
            {
                if (IsKernelThread(process) == kernelThreads
                    && RootIsNamespaceRoot(proc, process.Pid)
                    && TryNamespaceOf(proc, process.Pid.ToString(CultureInfo.InvariantCulture)) == inode)
                {
                    return process.Pid;
                }
            }
        }

        return null;
    }

    private static bool IsKernelThread(DiscoveredProcess process) => process.Command.StartsWith('[');

    private static Dictionary<ulong, List<string>> FindNsfsPins(
        string proc,
        ulong? server,
        List<(ulong Inode, ImmutableArray<DiscoveredProcess> Processes, int? Representative)> namespaces,
        bool everyNamespace)
    {
        var pins = new Dictionary<ulong, List<string>>();
        foreach ((ulong inode, _, int? representative) in namespaces)
        {
            bool isServer = inode == server;
            if (representative is not int pid || (!everyNamespace && !isServer))
            {
                continue;
            }

            MountTable table;
            try
            {
                table = MountInfoReader.ReadFile($"{proc}/{pid.ToString(CultureInfo.InvariantCulture)}/mountinfo");
            }
            catch (IOException)
            {
                continue;
            }

            foreach (MountInfo mount in table.Mounts)
            {
                if (mount.FsType == "nsfs" && TryParseMountNamespace(mount.Root, out ulong pinned))
                {
                    string path = isServer ? mount.MountPoint : $"{proc}/{pid.ToString(CultureInfo.InvariantCulture)}/root{mount.MountPoint}";
                    if (!pins.TryGetValue(pinned, out List<string>? paths))
                    {
                        pins[pinned] = paths = [];
                    }

                    if (!paths.Contains(path))
                    {
                        paths.Add(path);
                    }
                }
            }
        }

        return pins;
    }

    private static string CommandOf(string proc, int pid)
    {
        string directory = $"{proc}/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            byte[] cmdline = ProcFiles.ReadAllBytes(directory + "/cmdline");
            if (cmdline.Length > 0)
            {
                return Shorten(Encoding.UTF8.GetString(cmdline).TrimEnd('\0').Replace('\0', ' '));
            }

            // Kernel threads (and zombies) have no command line: show the name, as ps does.
            return $"[{Encoding.UTF8.GetString(ProcFiles.ReadAllBytes(directory + "/comm")).TrimEnd('\n')}]";
        }
        catch (IOException)
        {
            return "[?]";
        }
        catch (UnauthorizedAccessException)
        {
            return "[?]";
        }
    }

    private static string Shorten(string command) =>
        command.Length <= MaxCommandLength ? command : string.Concat(command.AsSpan(0, MaxCommandLength - 1), "…");

    private static IEnumerable<int> Pids(string proc)
    {
        foreach (string directory in Directory.EnumerateDirectories(proc))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }
}
