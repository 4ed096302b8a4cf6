using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Core.Feeds;

/// <summary>
/// The live fan-out of one source (one mount namespace): it holds the current
/// <see cref="MountTable"/>, and each <see cref="Publish"/> that changes something is diffed
/// once and handed to every subscriber. A subscriber gets a snapshot plus a stream of change
/// batches (the Aspire dashboard's pattern): snapshot and registration happen under one lock,
/// so no change falls between them; each subscriber has its own bounded channel, so a slow one
/// never holds up publishing or the others; bursts are merged into one batch per
/// <see cref="MountFeedOptions.MinBatchInterval"/>.
/// </summary>
/// <remarks>
/// A subscriber's channel holds one pending update and drops older ones when full. That is
/// always correct because a subscriber diffs from the table it last saw to the newest one
/// whenever it skipped a step: additions that were removed again cancel out, and applying
/// every batch to the snapshot always gives the feed's current table.
/// </remarks>
public sealed class MountFeed : IDisposable
{
    private readonly Lock _sync = new();
    private readonly Lock _publishGate = new();
    private readonly List<FeedSubscriber> _subscribers = [];
    private MountTable _current;
    private long _version;
    private bool _completed;

    /// <summary>Creates a feed whose current table is <paramref name="initial"/>.</summary>
    public MountFeed(MountTable initial, MountFeedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        Options = options ?? new MountFeedOptions();
        Options.Validate();
        _current = initial;
    }

    /// <summary>Raised (outside the feed's lock) after a subscriber joined or left; read <see cref="SubscriberCount"/>.</summary>
    public event EventHandler? SubscribersChanged;

    /// <summary>The pacing settings.</summary>
    public MountFeedOptions Options { get; }

    /// <summary>The newest table.</summary>
    public MountTable Current
    {
        get
        {
            lock (_sync)
            {
                return _current;
            }
        }
    }

    /// <summary>How many publishes changed something since the feed was created.</summary>
    public long Version
    {
        get
        {
            lock (_sync)
            {
                return _version;
            }
        }
    }

    /// <summary>Subscribers now registered (leak tests watch it return to 0).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_sync)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>True once <see cref="Complete"/> ended the feed.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_sync)
            {
                return _completed;
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="table"/> the current table. When it differs from the current one
    /// (<see cref="MountDiff.Compare"/>), the changes go to every subscriber; a table equal to
    /// the current one (a wake-up that found nothing new) is not published.
    /// </summary>
    /// <returns>The changes published: empty when nothing changed or the feed is completed.</returns>
    public ImmutableArray<MountChange> Publish(MountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);

        // Publishers queue here, so the diff (the costly part) runs outside the lock that
        // Subscribe takes, and tables are published in the order they were diffed.
        lock (_publishGate)
        {
            MountTable before;
            lock (_sync)
            {
                if (_completed)
                {
                    return [];
                }

                before = _current;
            }

            ImmutableArray<MountChange> changes = MountDiff.Compare(before, table);
            if (changes.IsEmpty)
            {
                return changes;
            }

            var update = new FeedUpdate(before, table, changes);
            lock (_sync)
            {
                if (_completed)
                {
                    return [];
                }

                _current = table;
                _version++;
                foreach (FeedSubscriber subscriber in _subscribers)
                {
                    subscriber.Offer(update);
                }
            }

            return changes;
        }
    }

    /// <summary>
    /// Subscribes: the current table, and every later change as batches. End it by disposing
    /// the subscription, by cancelling <paramref name="cancellationToken"/>, or by leaving the
    /// <c>await foreach</c>; each removes the subscriber. The changes can be enumerated once.
    /// After <see cref="Complete"/>, the snapshot is the last table and the stream is empty.
    /// </summary>
    public MountSubscription Subscribe(CancellationToken cancellationToken = default)
    {
        var subscriber = new FeedSubscriber(this);
        MountTable snapshot;
        bool added = false;
        lock (_sync)
        {
            snapshot = _current;
            subscriber.Start(snapshot);
            if (_completed)
            {
                subscriber.Complete();
            }
            else
            {
                _subscribers.Add(subscriber);
                added = true;
            }
        }

        if (added)
        {
            RaiseSubscribersChanged();
            subscriber.EndWhenCancelled(cancellationToken);
        }

        return new MountSubscription(snapshot, subscriber.ReadAllAsync(cancellationToken), subscriber.DisposeAsync);
    }

    /// <summary>
    /// Ends the feed (its source is gone): every subscriber's stream ends after any batch still
    /// pending, and later publishes are ignored. Idempotent.
    /// </summary>
    public void Complete()
    {
        FeedSubscriber[] ended;
        lock (_sync)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            ended = [.. _subscribers];
            _subscribers.Clear();
        }

        // Count first, streams second: whoever sees a stream end also sees the count at 0
        // (an owner that stops a source's watcher on the last subscriber has done so by then).
        if (ended.Length > 0)
        {
            RaiseSubscribersChanged();
        }

        foreach (FeedSubscriber subscriber in ended)
        {
            subscriber.Complete();
        }
    }

    /// <summary>Same as <see cref="Complete"/>.</summary>
    public void Dispose() => Complete();

    /// <summary>Unregisters a subscriber; false when it was not registered (any more).</summary>
    internal bool Remove(FeedSubscriber subscriber)
    {
        bool removed;
        lock (_sync)
        {
            removed = _subscribers.Remove(subscriber);
        }

        if (removed)
        {
            RaiseSubscribersChanged();
        }

        return removed;
    }

    private void RaiseSubscribersChanged() => SubscribersChanged?.Invoke(this, EventArgs.Empty);
}
