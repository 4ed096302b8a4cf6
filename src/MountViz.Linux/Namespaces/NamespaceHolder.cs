using System.Diagnostics;
using System.Globalization;

namespace MountViz.Linux.Namespaces;

/// <summary>
/// The process that keeps one lab namespace alive: a real PID that shows up in <c>lsns</c>, that
/// users can <c>nsenter -t PID -m</c>, and whose <c>/proc/PID/mountinfo</c> shows the namespace
/// from outside. It is <c>sleep infinity</c> named <c>mountviz-holder lab=ID ns=NAME</c>, forked
/// from the executor thread while that thread is in the new namespace, with a parent-death
/// signal so it dies with the server, SIGKILL included (see <see cref="HolderCommand.Script"/>).
/// </summary>
internal sealed class NamespaceHolder : IDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private int _exitHandled;

    private NamespaceHolder(Process process, string label, ulong inode)
    {
        _process = process;
        Label = label;
        NamespaceInode = inode;
        Pid = process.Id;
    }

    /// <summary>Raised once, on a thread-pool thread, when the holder process ends for any reason (after <see cref="WaitUntilReadyAsync"/>).</summary>
    public event EventHandler? Exited;

    /// <summary>The holder's PID.</summary>
    public int Pid { get; }

    /// <summary>Its argv[0]: <c>mountviz-holder lab=ID ns=NAME</c>.</summary>
    public string Label { get; }

    /// <summary>The inode of the namespace it holds (verified at start).</summary>
    public ulong NamespaceInode { get; }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// How the holder ended, for error messages (null while it runs). .NET reports death by
    /// signal N as status 128+N, so 137 is SIGKILL (or a plain exit 137, which the holder never makes).
    /// </summary>
    public string? ExitDescription
    {
        get
        {
            if (!_process.HasExited)
            {
                return null;
            }

            int code = _process.ExitCode;
            return code switch
            {
                HolderCommand.OrphanedExitCode => $"exit status {code}: it found its parent gone",
                127 => $"exit status {code}: a program or shared library it needed was not found under its root",
                > 128 and < 128 + 65 => $"exit status {code}: killed by signal {code - 128}{(code == 137 ? " (SIGKILL)" : string.Empty)}",
                _ => $"exit status {code}",
            };
        }
    }

    /// <summary>
    /// Starts a holder in the namespace the executor thread is in now and checks that its
    /// <c>/proc/PID/ns/mnt</c> is <paramref name="expectedInode"/>. Executor thread only, and the
    /// thread must live as long as the holder: the parent-death signal follows the forking thread.
    /// </summary>
    public static NamespaceHolder Start(NamespaceExecutor executor, HolderCommand command, string label, ulong expectedInode)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(command);
        executor.VerifyCurrentThread();
        var start = new ProcessStartInfo(command.SetprivPath)
        {
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "--pdeathsig", "KILL", "--", command.BashPath, "-c", HolderCommand.Script, HolderCommand.ProcessName,
                     Environment.ProcessId.ToString(CultureInfo.InvariantCulture), label, command.SleepPath,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LC_ALL"] = "C";
        Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"Starting the holder process for {label} returned no process.");
        var holder = new NamespaceHolder(process, label, expectedInode);
        try
        {
            ulong actual = executor.InodeOfProcess(holder.Pid);
            if (actual != expectedInode)
            {
                throw new InvalidOperationException(
                    $"The holder {holder.Pid} for {label} is in mnt:[{actual}], not in the new namespace mnt:[{expectedInode}].");
            }
        }
        catch
        {
            holder.Dispose();
            throw;
        }

        return holder;
    }

    /// <summary>
    /// Waits until the holder is <c>sleep</c> under its name (its parent-death signal is armed by
    /// then) and blocked in its sleep syscall. Safe from any thread.
    /// </summary>
    /// <remarks>
    /// The name alone is not enough: it shows as soon as <c>execve</c> returns, while the dynamic
    /// loader is still opening libc from the holder's root. A pivot_root in the namespace moves
    /// the root of every process rooted at the old root, the holder's included, and the loader
    /// then finds no libc and exits 127. That was the "holder lost" after a pivot_root that came
    /// right after mkns on a loaded machine. Once the holder waits in its sleep syscall, it never
    /// touches the filesystem again, so its root can move freely.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The holder ended instead, or did not get there in time.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Here, off the executor thread: exit notification may make the runtime start a thread,
        // which must not be forked from the executor while it is inside a lab namespace.
        _process.Exited += OnExited;
        _process.EnableRaisingEvents = true;
        if (_process.HasExited)
        {
            OnExited(this, EventArgs.Empty);
        }

        string expected = Label + "\0";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The holder process {Pid} for {Label} ended while starting ({ExitDescription}).");
            }

            bool named = ReadCommandLine() is string line && line.StartsWith(expected, StringComparison.Ordinal);
            if (named && IsAsleep())
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                string stage = named ? "it runs sleep under its name but is not blocked in its sleep syscall yet" : "it has not exec'd sleep under its name yet";
                throw new InvalidOperationException(
                    $"The holder process {Pid} for {Label} did not become ready within {timeout.TotalSeconds:0.#} s ({stage}); the machine may be overloaded. Try again, or raise HolderStartTimeout.");
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the holder (SIGKILL, by PID) and reaps it.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        if (!_process.WaitForExit(ReapTimeout))
        {
            throw new InvalidOperationException($"The holder process {Pid} for {Label} did not end within {ReapTimeout.TotalSeconds} s of SIGKILL.");
        }
    }

    /// <summary>Kills and reaps the holder if it is still running, and releases the process object.</summary>
    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>
    /// True when <c>/proc/PID/syscall</c> shows the holder blocked in one of <see cref="SleepSyscalls"/>
    /// (its first field is the syscall number; "running" or -1 otherwise).
    /// </summary>
    private bool IsAsleep()
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{Pid}/syscall");
        }
        catch (IOException)
        {
            // Gone meanwhile: the caller sees it exit.
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException(
                $"MountViz cannot read /proc/{Pid}/syscall of its holder process for {Label}, so it cannot tell when the holder has finished starting: {e.Message} " +
                "Reading it needs ptrace access to the holder (a child of the server); with Yama's kernel.yama.ptrace_scope=2 or above, give the server CAP_SYS_PTRACE.",
                e);
        }

        int end = text.IndexOf(' ', StringComparison.Ordinal);
        return end > 0
            && long.TryParse(text.AsSpan(0, end), NumberStyles.Integer, CultureInfo.InvariantCulture, out long number)
            && SleepSyscalls.Contains(number);
    }

    private string? ReadCommandLine()
    {
        try
        {
            return File.ReadAllText($"/proc/{Pid}/cmdline");
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

    private void OnExited(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _exitHandled, 1) == 0)
        {
            Exited?.Invoke(this, EventArgs.Empty);
        }
    }
}
