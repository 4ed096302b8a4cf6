using System.Diagnostics;
using MountViz.Core.Feeds;
using MountViz.Core.Model;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Watching;

/// <summary>
/// Watches one mount namespace from outside, through a process in it, and keeps a
/// <see cref="MountFeed"/> of its table: it wakes on <c>POLLPRI</c> of the process's
/// <c>/proc/PID/mountinfo</c> (the kernel raises it on every mount and unmount in that
/// namespace), on fanotify mount events where the kernel has them, and on a periodic timer
/// (propagation changes wake nothing), re-reads the table with the given function and
/// publishes it. Made by <see cref="MountWatchLoop.Watch"/>, whose one thread does all the
/// waiting and reading; only <c>/proc</c> is read, nothing ever enters the namespace.
/// </summary>
public sealed class MountWatcher : IDisposable
{
    private const int PollFlag = 1;
    private const int FanotifyFlag = 2;
    private const int RefreshFlag = 4;

    private readonly Lock _sync = new();
    private readonly MountWatchLoop _loop;
    private readonly Func<MountTable> _read;
    private readonly long _periodTicks;
    private SafeFd? _mountInfo;
    private SafeFd? _fanotify;
    private MountFeed? _feed;
    private List<TaskCompletionSource>? _refreshWaiters;
    private int _pending;
    private long _nextPeriodic = long.MaxValue;
    private bool _disposed;
    private bool _ended;

    private MountWatcher(MountWatchLoop loop, long id, int pid, ulong inode, Func<MountTable> read, MountWatchOptions options)
    {
        _loop = loop;
        Id = id;
        Pid = pid;
        Inode = inode;
        _read = read;
        Options = options;
        _periodTicks = options.PeriodicInterval == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : (long)(options.PeriodicInterval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Raised once when the watcher stops: disposed, or its source is gone (<see cref="EndReason"/>).</summary>
    public event EventHandler? Ended;

    /// <summary>The process through which the namespace is watched.</summary>
    public int Pid { get; }

    /// <summary>The namespace's inode (<c>mnt:[INODE]</c>).</summary>
    public ulong Inode { get; }

    /// <summary>The settings in force.</summary>
    public MountWatchOptions Options { get; }

    /// <summary>The namespace's live table: snapshot plus change batches for any number of subscribers.</summary>
    public MountFeed Feed => _feed ?? throw new InvalidOperationException("The watcher has not read its first table yet.");

    /// <summary>True when fanotify mount events wake this watcher.</summary>
    public bool FanotifyActive { get; private set; }

    /// <summary>Why fanotify is not used (turned off, or what the kernel said), or null when it is.</summary>
    public string? FanotifyUnavailable { get; private set; }

    /// <summary>True when <c>POLLPRI</c> on the mountinfo wakes this watcher.</summary>
    public bool PollActive => _mountInfo is not null;

    /// <summary>What the watcher has done so far.</summary>
    public MountWatchCounters Counters { get; } = new();

    /// <summary>The last read that failed (the watcher keeps going), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Why the source ended (<see cref="MountSourceGoneException"/>), or null while running or when simply disposed.</summary>
    public Exception? EndReason { get; private set; }

    /// <summary>True once stopped: the fds are closed and the feed is completed (<see cref="Ended"/> follows).</summary>
    public bool IsEnded => Volatile.Read(ref _ended);

    /// <summary>True from the moment stopping begins (before the feed is completed).</summary>
    internal bool IsStopping
    {
        get
        {
            lock (_sync)
            {
                return _disposed;
            }
        }
    }

    internal long Id { get; }

    internal SafeFd? MountInfoFd => _mountInfo;

    internal SafeFd? FanotifyFd => _fanotify;

    /// <summary>
    /// Re-reads the table now, on the watcher thread, and publishes what changed: for a change
    /// that wakes nothing (a propagation change) made by MountViz itself, so subscribers do
    /// not wait for the periodic read. Completes once the table was read and published, or
    /// the watcher stopped.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            (_refreshWaiters ??= []).Add(done);
        }

        Signal(RefreshFlag);
        _loop.Wake();
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops watching, closes the fds and ends the feed's streams.</summary>
    public void Dispose() => Stop(null);

    /// <summary>Opens the fds that wake the watcher; the caller registers them, then calls <see cref="Start"/>.</summary>
    internal static MountWatcher Open(MountWatchLoop loop, long id, int pid, ulong inode, Func<MountTable> read, MountWatchOptions options)
    {
        var watcher = new MountWatcher(loop, id, pid, inode, read, options);
        try
        {
            watcher.OpenFds();
            return watcher;
        }
        catch
        {
            watcher.CloseFds();
            throw;
        }
    }

    /// <summary>
    /// Reads the first table and starts the feed. Called after the fds are registered with
    /// epoll, so a change between the registration and this read is in the table, and one
    /// after it wakes the watcher.
    /// </summary>
    internal void Start()
    {
        MountTable initial = _read();
        lock (_sync)
        {
            _feed = new MountFeed(initial, Options.Feed);
            _nextPeriodic = After(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>On the loop thread: an fd of this watcher is ready.</summary>
    internal void Signal(int kind) => Interlocked.Or(ref _pending, kind);

    /// <summary>When the loop should next call <see cref="ProcessIfDue"/>: now when something is pending.</summary>
    internal long NextDue => Volatile.Read(ref _pending) != 0 ? 0 : Interlocked.Read(ref _nextPeriodic);

    /// <summary>On the loop thread: reads and publishes when woken or when the periodic read is due.</summary>
    internal void ProcessIfDue(long now)
    {
        List<TaskCompletionSource>? waiters = null;
        MountSourceGoneException? gone = null;
        lock (_sync)
        {
            if (_disposed || _feed is null)
            {
                return;
            }

            int pending = Interlocked.Exchange(ref _pending, 0);
            if ((pending & FanotifyFlag) != 0 && _fanotify is not null)
            {
                Counters.FanotifyWakeup(Fanotify.Drain(_fanotify));
            }

            if ((pending & PollFlag) != 0)
            {
                Counters.PollWakeup();
            }

            if (pending == 0 && now < Interlocked.Read(ref _nextPeriodic))
            {
                return;
            }

            WakeReason reason = (pending & FanotifyFlag) != 0 ? WakeReason.Fanotify
                : (pending & PollFlag) != 0 ? WakeReason.Poll
                : (pending & RefreshFlag) != 0 ? WakeReason.Refresh
                : WakeReason.Periodic;
            if ((pending & RefreshFlag) != 0)
            {
                waiters = _refreshWaiters;
                _refreshWaiters = null;
            }

            gone = ReadAndPublish(reason);
            Interlocked.Exchange(ref _nextPeriodic, After(Stopwatch.GetTimestamp()));
        }

        Complete(waiters);
        if (gone is not null)
        {
            Stop(gone);
        }
    }

    private MountSourceGoneException? ReadAndPublish(WakeReason reason)
    {
        Counters.Read(reason);
        try
        {
            MountTable table = _read();
            if (!_feed!.Publish(table).IsEmpty)
            {
                Counters.ChangesFound(reason, Stopwatch.GetTimestamp());
            }

            LastError = null;
            return null;
        }
        catch (MountSourceGoneException e)
        {
            return e;
        }
#pragma warning disable CA1031 // A read that fails (a parse bug, a transient procfs error) must not stop the watcher thread; the periodic read retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Counters.Failure();
            LastError = e;
            return null;
        }
    }

    private void Stop(Exception? reason)
    {
        List<TaskCompletionSource>? waiters;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            EndReason = reason;
            waiters = _refreshWaiters;
            _refreshWaiters = null;
            _loop.Unregister(this);
            CloseFds();
        }

        _feed?.Complete();
        Complete(waiters);
        Volatile.Write(ref _ended, true);
        Ended?.Invoke(this, EventArgs.Empty);
    }

    private void OpenFds()
    {
        if (Options.UseFanotify)
        {
            using SafeFd ns = OpenProc("ns/mnt");
            ulong inode = Syscalls.Identity(ns).Inode;
            if (inode != Inode)
            {
                throw new MountSourceGoneException($"Process {Pid} is in mnt:[{inode}] now, not mnt:[{Inode}] (it ended and its PID was reused?).");
            }

            _fanotify = Fanotify.TryWatchNamespace(ns, out string? unavailable);
            FanotifyActive = _fanotify is not null;
            FanotifyUnavailable = unavailable;
        }
        else
        {
            FanotifyUnavailable = "turned off (UseFanotify is false)";
        }

        if (Options.UsePoll)
        {
            // The kernel records the namespace's event count when the file is opened and
            // raises POLLPRI once the count moves on, so there is nothing to read first.
            _mountInfo = OpenProc("mountinfo");
            ulong inode = Syscalls.Identity($"/proc/{Pid}/ns/mnt").Inode;
            if (inode != Inode)
            {
                throw new MountSourceGoneException($"Process {Pid} is in mnt:[{inode}] now, not mnt:[{Inode}] (it ended and its PID was reused?).");
            }
        }
    }

    private SafeFd OpenProc(string name)
    {
        string path = $"/proc/{Pid}/{name}";
        try
        {
            return Syscalls.Open(path, LibC.O_RDONLY);
        }
        catch (ErrnoException e) when (e.Errno == LibC.ENOENT || e.Errno == LibC.ESRCH)
        {
            throw new MountSourceGoneException($"Process {Pid} has ended, so mnt:[{Inode}] cannot be watched through it.", e);
        }
    }

    private void CloseFds()
    {
        _mountInfo?.Dispose();
        _fanotify?.Dispose();
    }

    private long After(long now) => _periodTicks == long.MaxValue ? long.MaxValue : now + _periodTicks;

    private static void Complete(List<TaskCompletionSource>? waiters)
    {
        if (waiters is not null)
        {
            foreach (TaskCompletionSource waiter in waiters)
            {
                waiter.TrySetResult();
            }
        }
    }
}
