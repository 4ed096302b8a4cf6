using System.Diagnostics;
using System.Globalization;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Discovery;

/// <summary>
/// A private mount namespace whose first process (lowest PID) is chrooted into a jail on a
/// tmpfs, with a second, unchrooted process started before the chroot. Both die with the test
/// host (parent-death signals), and <see cref="Dispose"/> kills both by PID, ending the namespace.
/// </summary>
internal sealed class ChrootedNamespace : IDisposable
{
    private const string Script = """
        set -e
        mount -t tmpfs -o mode=0755 mvz-discovery "$1"
        mkdir -p "$1/jail/usr"
        mount --bind /usr "$1/jail/usr"
        ln -s usr/bin "$1/jail/bin"
        ln -s usr/lib "$1/jail/lib"
        ln -s usr/lib64 "$1/jail/lib64"
        setpriv --pdeathsig KILL sleep infinity &
        echo "free $!"
        exec chroot "$1/jail" /usr/bin/sleep infinity
        """;

    private readonly Process _chrooted;
    private readonly string _directory;

    public ChrootedNamespace()
    {
        _directory = Directory.CreateTempSubdirectory("mvz-watch-discovery.").FullName;
        var start = new ProcessStartInfo("setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["--pdeathsig", "KILL", "--", "unshare", "--mount", "--propagation", "private", "--", "sh", "-c", Script, "mvz-chroot", _directory])
        {
            start.ArgumentList.Add(argument);
        }

        _chrooted = ProcessLauncher.Start(start);
        try
        {
            string? line = _chrooted.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)).GetAwaiter().GetResult();
            if (line is null || !line.StartsWith("free ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The chroot namespace did not start: {line} {_chrooted.StandardError.ReadToEnd()}");
            }

            FreePid = int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture);
            if (!Kernel.WaitUntil(() => Kernel.CommandLine(ChrootedPid) == "/usr/bin/sleep infinity", TimeSpan.FromSeconds(15)))
            {
                throw new InvalidOperationException($"Process {ChrootedPid} did not chroot: {Kernel.CommandLine(ChrootedPid)}");
            }

            Inode = Kernel.NamespaceInode(ChrootedPid.ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The chrooted process: the lowest PID in the namespace.</summary>
    public int ChrootedPid => _chrooted.Id;

    /// <summary>The process whose root is the namespace's root.</summary>
    public int FreePid { get; private set; }

    public ulong Inode { get; }

    public void Dispose()
    {
        try
        {
            _chrooted.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _chrooted.WaitForExit(TimeSpan.FromSeconds(10));
        _chrooted.Dispose();

        // Its parent's death sends it SIGKILL, unless the parent died before setpriv armed the
        // signal (a busy machine); so by PID as well, known as ours by its private namespace
        // (its command line may still be setpriv's).
        if (FreePid > 0 && Kernel.IsAlive(FreePid) && (Inode != 0 ? Kernel.TryNamespaceInode(FreePid) == Inode : Kernel.CommandLine(FreePid).EndsWith("sleep infinity", StringComparison.Ordinal)))
        {
            try
            {
                using Process free = Process.GetProcessById(FreePid);
                free.Kill();
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
        }
        if (!Kernel.WaitUntil(() => !Kernel.IsAlive(FreePid), TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"Process {FreePid} of the chroot namespace is still alive.");
        }

        // Only the namespace ever mounted on it: on the host it is an empty directory.
        Directory.Delete(_directory);
    }
}
