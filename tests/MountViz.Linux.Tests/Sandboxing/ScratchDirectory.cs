using System.Globalization;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// The host directory a sandbox mounts its tmpfs on (inside its namespace only). On the host it
/// stays an empty directory holding one <c>owner</c> file (the test host's PID and start time),
/// hidden inside the sandbox by the tmpfs. Normally the sandbox removes it; when the test host
/// was killed, the next sandbox of any later run removes it once that owner is gone.
/// </summary>
internal static class ScratchDirectory
{
    internal const string Prefix = "mvz-test.";
    private const string OwnerFile = "owner";

    /// <summary>Creates <c>/tmp/mvz-test.XXXXXX</c> with its owner file, after sweeping stale ones.</summary>
    public static string Create()
    {
        SweepStale();
        DirectoryInfo directory = Directory.CreateTempSubdirectory(Prefix);
        ProcessIdentity self = ProcessIdentity.Of(Environment.ProcessId)
            ?? throw new InvalidOperationException("Cannot read this process's /proc/self/stat.");
        File.WriteAllText(Path.Combine(directory.FullName, OwnerFile), $"{self.Pid} {self.StartTime}\n");
        return directory.FullName;
    }

    /// <summary>Removes the directory and its owner file; call only when no namespace mounts on it any more.</summary>
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// Deletes scratch directories whose owner process is gone. A live owner's directories are
    /// left alone: removing a directory on the host detaches what other namespaces mount on it.
    /// </summary>
    private static void SweepStale()
    {
        foreach (string path in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string[] words;
            try
            {
                words = File.ReadAllText(Path.Combine(path, OwnerFile)).Split(' ', StringSplitOptions.TrimEntries);
            }
            catch (IOException)
            {
                continue; // No owner file: not ours, being created or removed this instant. Leave it.
            }

            if (words.Length == 2
                && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && ulong.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
                && !new ProcessIdentity(pid, start).IsAlive)
            {
                try
                {
                    Delete(path);
                }
                catch (IOException)
                {
                    // Another run swept it first.
                }
            }
        }
    }
}
