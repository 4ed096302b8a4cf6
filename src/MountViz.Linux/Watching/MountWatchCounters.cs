namespace MountViz.Linux.Watching;

/// <summary>
/// What a <see cref="MountWatcher"/> has done: wake-ups by mechanism, reads, failures, and which
/// mechanism found each change. For diagnostics, benchmarks and the tests that prove each
/// mechanism fires.
/// </summary>
public sealed class MountWatchCounters
{
    private long _pollWakeups;
    private long _fanotifyWakeups;
    private long _fanotifyEvents;
    private long _periodicReads;
    private long _refreshes;
    private long _reads;
    private long _failures;
    private long _changesByPoll;
    private long _changesByFanotify;
    private long _changesByPeriodic;
    private long _changesByRefresh;
    private long _lastChangePublishedAt;

    /// <summary>Times <c>POLLPRI</c> on the mountinfo fd woke the watcher.</summary>
    public long PollWakeups => Interlocked.Read(ref _pollWakeups);

    /// <summary>Times the fanotify fd woke the watcher.</summary>
    public long FanotifyWakeups => Interlocked.Read(ref _fanotifyWakeups);

    /// <summary>fanotify events read (one per attached or detached mount).</summary>
    public long FanotifyEvents => Interlocked.Read(ref _fanotifyEvents);

    /// <summary>Re-reads done because the periodic interval passed without any other read.</summary>
    public long PeriodicReads => Interlocked.Read(ref _periodicReads);

    /// <summary>Re-reads callers asked for.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>Reads of the table, whatever the reason.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Reads that failed (the watcher keeps going; the periodic read retries).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// When the last change was handed to the feed (a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>
    /// value; 0 before the first): with the time of a mount, how long the kernel-to-feed part took.
    /// </summary>
    public long LastChangePublishedAt => Interlocked.Read(ref _lastChangePublishedAt);

    /// <summary>Reads that found changes, by what caused the read.</summary>
    public long ChangesFoundBy(WakeReason reason) => reason switch
    {
        WakeReason.Poll => Interlocked.Read(ref _changesByPoll),
        WakeReason.Fanotify => Interlocked.Read(ref _changesByFanotify),
        WakeReason.Periodic => Interlocked.Read(ref _changesByPeriodic),
        _ => Interlocked.Read(ref _changesByRefresh),
    };

    internal void PollWakeup() => Interlocked.Increment(ref _pollWakeups);

    internal void FanotifyWakeup(int events)
    {
        Interlocked.Increment(ref _fanotifyWakeups);
        Interlocked.Add(ref _fanotifyEvents, events);
    }

    internal void Read(WakeReason reason)
    {
        Interlocked.Increment(ref _reads);
        if (reason == WakeReason.Periodic)
        {
            Interlocked.Increment(ref _periodicReads);
        }
        else if (reason == WakeReason.Refresh)
        {
            Interlocked.Increment(ref _refreshes);
        }
    }

    internal void Failure() => Interlocked.Increment(ref _failures);

    internal void ChangesFound(WakeReason reason, long publishedAt)
    {
        Interlocked.Exchange(ref _lastChangePublishedAt, publishedAt);
        switch (reason)
        {
            case WakeReason.Poll:
                Interlocked.Increment(ref _changesByPoll);
                break;
            case WakeReason.Fanotify:
                Interlocked.Increment(ref _changesByFanotify);
                break;
            case WakeReason.Periodic:
                Interlocked.Increment(ref _changesByPeriodic);
                break;
            default:
                Interlocked.Increment(ref _changesByRefresh);
                break;
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"poll wake-ups {PollWakeups}, fanotify wake-ups {FanotifyWakeups} ({FanotifyEvents} events), periodic reads {PeriodicReads}, refreshes {Refreshes}, reads {Reads}, failures {Failures}; "
        + $"changes found by poll {ChangesFoundBy(WakeReason.Poll)}, fanotify {ChangesFoundBy(WakeReason.Fanotify)}, periodic {ChangesFoundBy(WakeReason.Periodic)}, refresh {ChangesFoundBy(WakeReason.Refresh)}";
}
