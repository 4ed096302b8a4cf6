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
    /// Waits until the holder has exec'd <c>sleep</c> under its name (its parent-death signal is
    /// armed by then). Safe from any thread.
    /// </summary>
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
                int code = _process.ExitCode;
                string why = code == HolderCommand.OrphanedExitCode
                    ? "it found its parent gone"
                    : $"exit code {code}";
                throw new InvalidOperationException($"The holder process {Pid} for {Label} ended while starting ({why}).");
            }

            if (ReadCommandLine() is string line && line.StartsWith(expected, StringComparison.Ordinal))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"The holder process {Pid} for {Label} did not become ready within {timeout.TotalSeconds:0.#} s.");
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
