using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MountViz.Core.Model;

namespace MountViz.Core.Feeds;

/// <summary>
/// One subscriber of a <see cref="MountFeed"/>: a one-slot channel of updates (the newest wins,
/// so a slow reader never blocks the publisher and never grows a queue), the table it last
/// saw, and the paced iterator that turns updates into change batches.
/// </summary>
internal sealed class FeedSubscriber : IAsyncDisposable
{
    private readonly MountFeed _feed;
    private readonly Channel<FeedUpdate> _updates = Channel.CreateBounded<FeedUpdate>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
    });

    // Cancelled when the subscription is disposed or the caller's token fires: ends a read or a
    // pacing delay in progress. Never disposed: it has no timer, and a linked token may still
    // be registered with it when the subscription ends.
    private readonly CancellationTokenSource _ended = new();
    private CancellationTokenRegistration _cancellation;
    private MountTable? _lastSeen;
    private int _enumerated;

    public FeedSubscriber(MountFeed feed) => _feed = feed;

    /// <summary>Under the feed's lock: the snapshot this subscriber starts from.</summary>
    public void Start(MountTable snapshot) => _lastSeen = snapshot;

    /// <summary>Under the feed's lock: hands over an update; with a full slot the older update is dropped.</summary>
    public void Offer(FeedUpdate update) => _updates.Writer.TryWrite(update);

    /// <summary>The feed ended: the stream ends after what is pending.</summary>
    public void Complete() => _updates.Writer.TryComplete();

    /// <summary>Removes the subscriber when <paramref name="cancellationToken"/> fires, even if nobody is reading.</summary>
    public void EndWhenCancelled(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static state => ((FeedSubscriber)state!).End(), this);
        }
    }

    /// <summary>Ends the subscription: unregisters it and ends a pending read.</summary>
    public ValueTask DisposeAsync()
    {
        End();
        return ValueTask.CompletedTask;
    }

    /// <summary>The change batches, paced and merged; see <see cref="MountFeed.Subscribe"/>.</summary>
    public async IAsyncEnumerable<ImmutableArray<MountChange>> ReadAllAsync(
        CancellationToken subscribeToken,
        [EnumeratorCancellation] CancellationToken enumeratorToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A subscription's changes can be enumerated only once; subscribe again for a second reader.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(subscribeToken, enumeratorToken, _ended.Token);
        TimeProvider time = _feed.Options.TimeProvider;
        TimeSpan interval = _feed.Options.MinBatchInterval;
        long? lastBatch = null;
        try
        {
            while (true)
            {
                if (!await WaitAsync(lastBatch, time, interval, linked.Token).ConfigureAwait(false))
                {
                    // Disposed, or the feed completed with nothing pending.
                    yield break;
                }

                ImmutableArray<MountChange> batch = Drain();
                if (!batch.IsEmpty)
                {
                    lastBatch = time.GetTimestamp();
                    yield return batch;
                }
            }
        }
        finally
        {
            End();
        }

        async ValueTask<bool> WaitAsync(long? last, TimeProvider clock, TimeSpan pace, CancellationToken token)
        {
            try
            {
                if (!await _updates.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    return false;
                }

                // The first change after a quiet spell goes out at once; later ones wait out the
                // interval, collecting whatever else arrives meanwhile.
                if (last is long then && pace > TimeSpan.Zero)
                {
                    TimeSpan wait = pace - clock.GetElapsedTime(then);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, clock, token).ConfigureAwait(false);
                    }
                }

                return true;
            }
            catch (OperationCanceledException) when (_ended.IsCancellationRequested && !subscribeToken.IsCancellationRequested && !enumeratorToken.IsCancellationRequested)
            {
                // Disposed: end quietly. A caller's own cancellation is rethrown, as usual.
                return false;
            }
        }
    }

    /// <summary>The changes from the last table seen to the newest pending one.</summary>
    private ImmutableArray<MountChange> Drain()
    {
        FeedUpdate? newest = null;
        int count = 0;
        while (_updates.Reader.TryRead(out FeedUpdate? update))
        {
            newest = update;
            count++;
        }

        if (newest is null)
        {
            return [];
        }

        // One update straight after the last table seen: its diff is already computed. Anything
        // else (several updates, or one whose predecessor was dropped) is diffed afresh.
        ImmutableArray<MountChange> changes = count == 1 && ReferenceEquals(newest.Before, _lastSeen)
            ? newest.Changes
            : MountDiff.Compare(_lastSeen!, newest.After);
        _lastSeen = newest.After;
        return changes;
    }

    private void End()
    {
        _updates.Writer.TryComplete();
        try
        {
            _ended.Cancel();
        }
        catch (AggregateException)
        {
            // Only our own linked sources listen to it; nothing can throw there.
        }

        _cancellation.Dispose();
        _feed.Remove(this);
    }
}
