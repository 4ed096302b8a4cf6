using System.Collections.Concurrent;
using System.Diagnostics;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// Starts child processes from one thread that lives as long as the test host. Holders and
/// commands run under <c>setpriv --pdeathsig KILL</c>, and the kernel sends the parent-death
/// signal when the <em>thread</em> that forked the child exits, not only when the process does
/// (prctl(2) PR_SET_PDEATHSIG; <see cref="SandboxTests"/> checks it). .NET forks on the calling
/// thread, and xunit's or the thread pool's threads may end at any time, so every child is
/// forked here: it then dies exactly when the test host dies, however the host dies.
/// </summary>
public static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];
    private static readonly Lazy<Thread> Launcher = new(StartLauncher, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts a process from the long-lived launcher thread.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The argv prefix that ties a child's life to its parent thread: <c>setpriv --pdeathsig KILL --</c>.
    /// The signal survives the execs of unshare, nsenter and sh (it is cleared only for set-user-ID binaries).
    /// </summary>
    public static IReadOnlyList<string> DieWithParent { get; } = ["setpriv", "--pdeathsig", "KILL", "--"];

    private static Thread StartLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "mvz-test-process-launcher" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        // Never returns: the thread must outlive every child it forks.
        foreach ((ProcessStartInfo start, TaskCompletionSource<Process> started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"Process.Start returned no process for {start.FileName}."));
            }
#pragma warning disable CA1031 // Any failure belongs to the caller waiting on the task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                started.SetException(e);
            }
        }
    }
}
