using MountViz.Core.Feeds;

namespace MountViz.Linux.Watching;

/// <summary>How a <see cref="MountWatcher"/> notices changes.</summary>
public sealed record MountWatchOptions
{
    /// <summary>The default <see cref="PeriodicInterval"/>.</summary>
    public static readonly TimeSpan DefaultPeriodicInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the table is re-read even without a wake-up: the fallback that catches
    /// propagation changes (<c>mount --make-*</c> wakes neither poll nor fanotify) and anything a
    /// missed wake-up would hide. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan PeriodicInterval { get; init; } = DefaultPeriodicInterval;

    /// <summary>Wake on fanotify mount events where the kernel has them (falls back silently when not).</summary>
    public bool UseFanotify { get; init; } = true;

    /// <summary>Wake on <c>POLLPRI</c> of the namespace's mountinfo.</summary>
    public bool UsePoll { get; init; } = true;

    /// <summary>The pacing of the watcher's feed.</summary>
    public MountFeedOptions Feed { get; init; } = new();

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Feed);
        Feed.Validate();
        if (PeriodicInterval != Timeout.InfiniteTimeSpan && PeriodicInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PeriodicInterval), PeriodicInterval, "PeriodicInterval must be positive, or Timeout.InfiniteTimeSpan to turn the periodic re-read off.");
        }
    }
}
