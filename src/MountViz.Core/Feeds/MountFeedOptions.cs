namespace MountViz.Core.Feeds;

/// <summary>How a <see cref="MountFeed"/> paces its subscribers.</summary>
public sealed record MountFeedOptions
{
    /// <summary>The default <see cref="MinBatchInterval"/>: one render per burst, without a visible lag.</summary>
    public static readonly TimeSpan DefaultMinBatchInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The least time between two batches to one subscriber. The first change after a quiet
    /// spell goes out at once; whatever arrives within this interval after a batch is merged
    /// into the next one (a burst of mounts is one render, not hundreds).
    /// </summary>
    public TimeSpan MinBatchInterval { get; init; } = DefaultMinBatchInterval;

    /// <summary>The clock for <see cref="MinBatchInterval"/>; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (MinBatchInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MinBatchInterval), MinBatchInterval, "MinBatchInterval cannot be negative; use TimeSpan.Zero for no pacing.");
        }
    }
}
