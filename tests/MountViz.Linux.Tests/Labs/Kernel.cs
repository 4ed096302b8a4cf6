using System.Diagnostics;
using System.Globalization;

namespace MountViz.Linux.Tests.Labs;

/// <summary>Read-only looks at processes and namespaces through /proc, and running host tools.</summary>
internal static class Kernel
{
    /// <summary>The mount namespace inode of a process (<c>self</c> or a PID), via stat of its ns/mnt.</summary>
    public static ulong NamespaceInode(string process)
    {
        string? target = new FileInfo($"/proc/{process}/ns/mnt").LinkTarget;
        return ParseInode(target ?? throw new IOException($"/proc/{process}/ns/mnt is not a link."));
    }

    /// <summary>The mount namespace inode of a PID, or null when it is gone or a zombie.</summary>
    public static ulong? TryNamespaceInode(int pid)
    {
        try
        {
            return NamespaceInode(pid.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string status = File.ReadAllText($"/proc/{pid}/status");
            return !status.Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>True while <paramref name="pid"/> is a live holder of lab <paramref name="labId"/> (PIDs get reused; names say whose it is).</summary>
    public static bool IsHolderOf(int pid, string labId) =>
        IsAlive(pid) && CommandLine(pid).StartsWith($"mountviz-holder lab={labId} ", StringComparison.Ordinal);

    /// <summary>A process's command line with NULs shown as spaces, or empty.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Live child processes of this test host that are namespace holders.</summary>
    public static IEnumerable<int> HolderChildren()
    {
        string me = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (int pid in Pids())
        {
            string status;
            try
            {
                status = File.ReadAllText($"/proc/{pid}/status");
            }
            catch (IOException)
            {
                continue;
            }

            if (status.Contains($"\nPPid:\t{me}\n", StringComparison.Ordinal)
                && !status.Contains("State:\tZ", StringComparison.Ordinal)
                && CommandLine(pid).StartsWith("mountviz-holder", StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    /// <summary>
    /// Live processes in one of <paramref name="inodes"/> that belong to these tests: holders of
    /// lab <paramref name="labIds"/> (by their name) or children of this process. Namespace inode
    /// numbers are reused as soon as a namespace is freed, so an inode alone could name another
    /// program's namespace by the time it is checked.
    /// </summary>
    public static IEnumerable<(int Pid, ulong Inode)> OursIn(IReadOnlyCollection<ulong> inodes, IReadOnlyCollection<string> labIds)
    {
        if (inodes.Count == 0)
        {
            yield break;
        }

        string parent = $"\nPPid:\t{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}\n";
        foreach (int pid in Pids())
        {
            if (TryNamespaceInode(pid) is ulong inode && inodes.Contains(inode) && IsAlive(pid))
            {
                string command = CommandLine(pid);
                bool holder = labIds.Any(id => command.StartsWith($"mountviz-holder lab={id} ", StringComparison.Ordinal));
                bool child = File.Exists($"/proc/{pid}/status") && ReadStatus(pid).Contains(parent, StringComparison.Ordinal);
                if (holder || child)
                {
                    yield return (pid, inode);
                }
            }
        }
    }

    /// <summary>Runs a host program to its end (with a timeout) and returns exit code and output.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    private static string ReadStatus(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static ulong ParseInode(string link)
    {
        // mnt:[4026531841]
        int open = link.IndexOf('[', StringComparison.Ordinal);
        int close = link.IndexOf(']', StringComparison.Ordinal);
        return ulong.Parse(link.AsSpan(open + 1, close - open - 1), CultureInfo.InvariantCulture);
    }

    private static IEnumerable<int> Pids()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }
}
