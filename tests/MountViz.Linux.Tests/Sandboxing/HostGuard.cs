using System.Text;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// Collection fixture: takes the host's mountinfo (of PID 1 and of this process) before the
/// sandbox tests and, at the end, fails the run unless both are byte-identical and every
/// sandbox is gone: no holder process, no process or thread in its namespace, no open namespace
/// fd in this process, no scratch directory.
/// </summary>
public sealed class HostGuard : IDisposable
{
    private readonly byte[] _initMountInfo = ProcFiles.ReadAllBytes("/proc/1/mountinfo");
    private readonly byte[] _selfMountInfo = ProcFiles.ReadAllBytes("/proc/self/mountinfo");

    /// <summary>Checks the host and throws, naming every leftover, when anything changed or remains.</summary>
    public void Dispose()
    {
        var problems = new List<string>();
        if (!ProcFiles.ReadAllBytes("/proc/1/mountinfo").AsSpan().SequenceEqual(_initMountInfo))
        {
            problems.Add("/proc/1/mountinfo changed during the sandbox tests: a mount leaked into the host's namespace.");
        }

        if (!ProcFiles.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(_selfMountInfo))
        {
            problems.Add("/proc/self/mountinfo changed during the sandbox tests: a mount leaked into the test host's namespace.");
        }

        problems.AddRange(Leftovers(SandboxRecord.All));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(new StringBuilder("The sandbox tests left the host changed:").AppendJoin("\n  ", ["", .. problems]).ToString());
        }
    }

    /// <summary>Everything of <paramref name="sandboxes"/> that still exists, one line each.</summary>
    public static IEnumerable<string> Leftovers(IEnumerable<SandboxRecord> sandboxes)
    {
        ArgumentNullException.ThrowIfNull(sandboxes);
        SandboxRecord[] records = [.. sandboxes];
        string host = new FileInfo("/proc/self/ns/mnt").LinkTarget ?? string.Empty;
        var namespaces = records.Select(r => r.Namespace).Where(ns => ns != host).ToHashSet(StringComparer.Ordinal);
        foreach (SandboxRecord record in records)
        {
            if (record.Holder.IsAlive)
            {
                yield return $"holder {record.Holder.Pid} of {record.Namespace} is still running";
            }

            if (Directory.Exists(record.ScratchDirectory))
            {
                yield return $"scratch directory {record.ScratchDirectory} still exists";
            }
        }

        foreach ((string link, string ns) in NamespaceLinks())
        {
            if (namespaces.Contains(ns))
            {
                yield return $"{link} is still in sandbox namespace {ns}";
            }
        }
    }

    /// <summary>The mount namespace of every thread of every process, and of every open nsfs fd of this one.</summary>
    private static IEnumerable<(string Link, string Namespace)> NamespaceLinks()
    {
        foreach (string task in Directory.EnumerateDirectories("/proc", "[0-9]*").SelectMany(TasksOf))
        {
            if (LinkOf(Path.Combine(task, "ns", "mnt")) is string ns)
            {
                yield return (task, ns);
            }
        }

        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (LinkOf(fd) is string target && target.StartsWith("mnt:[", StringComparison.Ordinal))
            {
                yield return (fd, target);
            }
        }
    }

    private static IEnumerable<string> TasksOf(string process)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(Path.Combine(process, "task"))];
        }
        catch (IOException)
        {
            return []; // The process ended while we looked.
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? LinkOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
