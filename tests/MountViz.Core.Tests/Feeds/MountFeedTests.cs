using System.Collections.Immutable;
using MountViz.Core.Feeds;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Feeds;

/// <summary>The per-source fan-out: snapshot plus batches, pacing, slow subscribers, and cleanup.</summary>
public sealed class MountFeedTests
{
    private static readonly TimeSpan Interval = MountFeedOptions.DefaultMinBatchInterval;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_subscriber_gets_the_current_table_then_the_first_change_at_once()
    {
        var time = new ManualTimeProvider();
        using var feed = new MountFeed(FeedTables.With(101), new MountFeedOptions { TimeProvider = time });
        await using MountSubscription subscription = feed.Subscribe();
        Assert.Equal([20, 101], subscription.Snapshot.Mounts.Select(m => m.Id));

        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();
        ValueTask<bool> next = batches.MoveNextAsync();
        Assert.False(next.IsCompleted);

        ImmutableArray<MountChange> published = feed.Publish(FeedTables.With(101, 102));

        // No clock movement needed: the first change after a quiet spell is not delayed.
        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(["added 102"], FeedTables.Describe(batches.Current));
        Assert.Equal(published, batches.Current);
        Assert.Equal(1, feed.Version);
    }

    [Fact]
    public async Task A_table_equal_to_the_current_one_is_not_published()
    {
        using var feed = new MountFeed(FeedTables.With(101));
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();
        ValueTask<bool> next = batches.MoveNextAsync();

        Assert.Empty(feed.Publish(FeedTables.With(101)));
        Assert.Equal(0, feed.Version);
        Assert.False(next.IsCompleted);

        feed.Publish(FeedTables.With(101, 103));
        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(["added 103"], FeedTables.Describe(batches.Current));
    }

    [Fact]
    public async Task A_burst_within_the_interval_is_one_batch()
    {
        var time = new ManualTimeProvider();
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { TimeProvider = time });
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();

        feed.Publish(FeedTables.With(101));
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(["added 101"], FeedTables.Describe(batches.Current));

        // Within the interval after that batch: held back, and merged.
        feed.Publish(FeedTables.With(101, 102));
        ValueTask<bool> next = batches.MoveNextAsync();
        feed.Publish(FeedTables.With(101, 102, 103));
        feed.Publish(FeedTables.With(101, 102, 103, 104));
        Assert.False(next.IsCompleted);
        Assert.Equal(1, time.PendingTimers);

        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(["added 102", "added 103", "added 104"], FeedTables.Describe(batches.Current));
        Assert.Equal(4, feed.Version);
    }

    [Fact]
    public async Task Added_then_removed_within_the_interval_cancels_out()
    {
        var time = new ManualTimeProvider();
        using var feed = new MountFeed(FeedTables.With(101), new MountFeedOptions { TimeProvider = time });
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();

        feed.Publish(FeedTables.With(101, 102));
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Patience));

        // Published before the read, so the read is already waiting out the interval when the rest arrives.
        feed.Publish(FeedTables.With(101, 102, 105));
        ValueTask<bool> next = batches.MoveNextAsync();
        Assert.Equal(1, time.PendingTimers);
        feed.Publish(FeedTables.With(101, 102));
        feed.Publish(FeedTables.With(102));
        time.Advance(Interval);

        // 105 came and went: the batch says only what differs from what the subscriber has.
        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(["removed 101"], FeedTables.Describe(batches.Current));
    }

    [Fact]
    public async Task A_burst_that_changes_nothing_in_the_end_yields_no_batch()
    {
        var time = new ManualTimeProvider();
        using var feed = new MountFeed(FeedTables.With(101), new MountFeedOptions { TimeProvider = time });
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();
        feed.Publish(FeedTables.With(101, 102));
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Patience));

        feed.Publish(FeedTables.With(101, 102, 103));
        ValueTask<bool> next = batches.MoveNextAsync();
        Assert.Equal(1, time.PendingTimers);
        feed.Publish(FeedTables.With(101, 102));
        time.Advance(Interval);
        Assert.False(next.IsCompleted);

        // The next real change, after the quiet spell, goes out at once.
        feed.Publish(FeedTables.With(101));
        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(["removed 102"], FeedTables.Describe(batches.Current));
    }

    [Fact]
    public async Task Batches_replayed_on_the_snapshot_give_the_current_table_while_publishers_race_subscribers()
    {
        // No pacing, a publisher thread adding and removing mounts as fast as it can, and
        // subscribers joining at random moments: whatever each one got as snapshot plus batches
        // must add up to the final table. A change falling between snapshot and registration
        // (or delivered twice) shows up as a wrong replay or a failed assertion in Replay.
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { MinBatchInterval = TimeSpan.Zero });
        const int Steps = 3000;
        var random = new Random(1234);
        MountTable[] tables = [.. Enumerable.Range(0, Steps).Select(i => FeedTables.With([.. Enumerable.Range(100, (i % 40) + 1).Where(id => (id + i) % 3 != 0)]))];

        var readers = new List<Task<ImmutableSortedDictionary<int, string>>>();
        using var done = new CancellationTokenSource();
        Task publisher = Task.Run(() =>
        {
            foreach (MountTable table in tables)
            {
                feed.Publish(table);
                if (random.Next(50) == 0)
                {
                    Thread.Yield();
                }
            }
        });

        while (!publisher.IsCompleted || readers.Count < 5)
        {
            MountSubscription subscription = feed.Subscribe();
            readers.Add(Task.Run(async () =>
            {
                await using (subscription)
                {
                    var batches = new List<ImmutableArray<MountChange>>();
                    try
                    {
                        await foreach (ImmutableArray<MountChange> batch in subscription.Changes.WithCancellation(done.Token))
                        {
                            batches.Add(batch);
                        }
                    }
                    catch (OperationCanceledException) when (done.IsCancellationRequested)
                    {
                    }

                    return FeedTables.Replay(subscription.Snapshot, batches);
                }
            }));
            await Task.Delay(random.Next(3));
        }

        await publisher;

        // Let every reader catch up with the last table, then stop them.
        ImmutableSortedDictionary<int, string> expected = FeedTables.Lines(tables[^1]);
        await Task.Delay(200);
        feed.Complete();
        ImmutableSortedDictionary<int, string>[] replays = await Task.WhenAll(readers).WaitAsync(Patience);

        Assert.True(readers.Count >= 5);
        Assert.All(replays, replay => Assert.Equal(expected, replay));
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task No_change_falls_between_snapshot_and_registration()
    {
        // A publish and a subscribe released at the same instant, many times over. Either the
        // snapshot already has the new table, or the subscriber was registered in time to get
        // the change as a batch; a subscriber that got neither would wait for ever.
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { MinBatchInterval = TimeSpan.Zero });
        using var barrier = new Barrier(2);
        for (int i = 1; i <= 500; i++)
        {
            MountTable next = FeedTables.Range(i % 7 == 0 ? 0 : i % 50);
            MountSubscription? subscription = null;
            Task publisher = Task.Run(() =>
            {
                barrier.SignalAndWait();
                feed.Publish(next);
            });
            Task subscriber = Task.Run(() =>
            {
                barrier.SignalAndWait();
                subscription = feed.Subscribe();
            });
            await Task.WhenAll(publisher, subscriber).WaitAsync(Patience);

            await using (subscription!)
            {
                var batches = new List<ImmutableArray<MountChange>>();
                await using IAsyncEnumerator<ImmutableArray<MountChange>> reader = subscription!.Changes.GetAsyncEnumerator();
                while (!FeedTables.Replay(subscription.Snapshot, batches).SequenceEqual(FeedTables.Lines(next)))
                {
                    Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Patience), $"round {i}: the stream ended before the change arrived");
                    batches.Add(reader.Current);
                }
            }
        }

        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_does_not_hold_up_publishing_and_catches_up_in_one_batch()
    {
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { MinBatchInterval = TimeSpan.Zero });
        await using MountSubscription slow = feed.Subscribe();
        await using MountSubscription fast = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> fastBatches = fast.Changes.GetAsyncEnumerator();

        for (int i = 1; i <= 2000; i++)
        {
            feed.Publish(FeedTables.Range(i % 30));
        }

        feed.Publish(FeedTables.With(100, 101, 500));

        // 2000 publishes to a subscriber that reads nothing returned (nothing blocks), and no
        // queue grew: the slow subscriber gets one batch with the net change.

        await using IAsyncEnumerator<ImmutableArray<MountChange>> slowBatches = slow.Changes.GetAsyncEnumerator();
        Assert.True(await slowBatches.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(["added 100", "added 101", "added 500"], FeedTables.Describe(slowBatches.Current));

        // The fast reader, too, ends up with exactly the final table.
        var fastSeen = new List<ImmutableArray<MountChange>>();
        while (!FeedTables.Replay(fast.Snapshot, fastSeen).SequenceEqual(FeedTables.Lines(feed.Current)))
        {
            Assert.True(await fastBatches.MoveNextAsync().AsTask().WaitAsync(Patience));
            fastSeen.Add(fastBatches.Current);
        }
    }

    [Fact]
    public async Task Disposing_the_subscription_ends_a_pending_read_and_unregisters()
    {
        using var feed = new MountFeed(FeedTables.With());
        int raised = 0;
        feed.SubscribersChanged += (_, _) => Interlocked.Increment(ref raised);
        MountSubscription subscription = feed.Subscribe();
        Assert.Equal(1, feed.SubscriberCount);

        IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();
        ValueTask<bool> next = batches.MoveNextAsync();
        await subscription.DisposeAsync();

        Assert.False(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal(2, raised);
        await batches.DisposeAsync();
        await subscription.DisposeAsync();
        Assert.Equal(2, raised);
    }

    [Fact]
    public async Task Disposing_during_the_pacing_delay_ends_quietly()
    {
        var time = new ManualTimeProvider();
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { TimeProvider = time });
        MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();
        feed.Publish(FeedTables.With(101));
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Patience));
        feed.Publish(FeedTables.With(101, 102));
        ValueTask<bool> next = batches.MoveNextAsync();
        Assert.Equal(1, time.PendingTimers);

        await subscription.DisposeAsync();

        Assert.False(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task Leaving_the_loop_early_unregisters()
    {
        using var feed = new MountFeed(FeedTables.With());
        MountSubscription subscription = feed.Subscribe();
        feed.Publish(FeedTables.With(101));
        await foreach (ImmutableArray<MountChange> batch in subscription.Changes)
        {
            Assert.Equal(["added 101"], FeedTables.Describe(batch));
            break;
        }

        // The iterator's finally ran: nothing to dispose for the count to drop.
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task Cancelling_the_subscribe_token_unregisters_even_without_a_reader()
    {
        using var feed = new MountFeed(FeedTables.With());
        using var cancel = new CancellationTokenSource();
        MountSubscription subscription = feed.Subscribe(cancel.Token);
        Assert.Equal(1, feed.SubscriberCount);

        await cancel.CancelAsync();
        Assert.Equal(0, feed.SubscriberCount);

        // Reading afterwards reports the cancellation, as any cancelled enumeration does.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ImmutableArray<MountChange> batch in subscription.Changes)
            {
                Assert.Fail($"no batch expected, got {batch.Length} changes");
            }
        });
    }

    [Fact]
    public async Task Cancelling_a_pending_read_throws_and_unregisters()
    {
        using var feed = new MountFeed(FeedTables.With());
        using var cancel = new CancellationTokenSource();
        MountSubscription subscription = feed.Subscribe();
        IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator(cancel.Token);
        ValueTask<bool> next = batches.MoveNextAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.AsTask().WaitAsync(Patience));
        Assert.Equal(0, feed.SubscriberCount);
        await batches.DisposeAsync();
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task An_already_cancelled_token_gives_a_subscription_that_is_not_registered()
    {
        using var feed = new MountFeed(FeedTables.With(101));
        MountSubscription subscription = feed.Subscribe(new CancellationToken(canceled: true));

        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal([20, 101], subscription.Snapshot.Mounts.Select(m => m.Id));
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task Completing_the_feed_ends_every_stream_after_the_pending_batch()
    {
        using var feed = new MountFeed(FeedTables.With(), new MountFeedOptions { MinBatchInterval = TimeSpan.Zero });
        await using MountSubscription reading = feed.Subscribe();
        await using MountSubscription idle = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = reading.Changes.GetAsyncEnumerator();
        ValueTask<bool> next = batches.MoveNextAsync();

        feed.Publish(FeedTables.With(101));
        Assert.True(await next.AsTask().WaitAsync(Patience));
        feed.Publish(FeedTables.With(101, 102));
        feed.Complete();

        Assert.Equal(0, feed.SubscriberCount);
        Assert.True(feed.IsCompleted);
        Assert.Empty(feed.Publish(FeedTables.With(103)));

        // What was published before the end still arrives, then the stream ends.
        var idleBatches = new List<ImmutableArray<MountChange>>();
        await foreach (ImmutableArray<MountChange> batch in idle.Changes)
        {
            idleBatches.Add(batch);
        }

        Assert.Equal(["added 101", "added 102"], FeedTables.Describe(Assert.Single(idleBatches)));
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal(["added 102"], FeedTables.Describe(batches.Current));
        Assert.False(await batches.MoveNextAsync());
    }

    [Fact]
    public async Task Subscribing_to_a_completed_feed_gives_the_last_table_and_an_empty_stream()
    {
        var feed = new MountFeed(FeedTables.With(101));
        feed.Publish(FeedTables.With(101, 102));
        feed.Dispose();

        await using MountSubscription subscription = feed.Subscribe();
        Assert.Equal([20, 101, 102], subscription.Snapshot.Mounts.Select(m => m.Id));
        Assert.Equal(0, feed.SubscriberCount);
        await foreach (ImmutableArray<MountChange> batch in subscription.Changes)
        {
            Assert.Fail($"no batch expected, got {batch.Length} changes");
        }
    }

    [Fact]
    public async Task The_changes_can_be_enumerated_once()
    {
        using var feed = new MountFeed(FeedTables.With());
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> first = subscription.Changes.GetAsyncEnumerator();
        ValueTask<bool> pending = first.MoveNextAsync();

        await using IAsyncEnumerator<ImmutableArray<MountChange>> second = subscription.Changes.GetAsyncEnumerator();
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.MoveNextAsync().AsTask());
        Assert.Contains("once", error.Message, StringComparison.Ordinal);

        // The first reader still works.
        feed.Publish(FeedTables.With(101));
        Assert.True(await pending.AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Propagation_and_option_changes_are_batches_too()
    {
        MountTable before = FeedTables.With(101);
        MountTable after = Tables.Of(
            "20 1 8:4 / / rw,noatime shared:1 - ext4 /dev/sda4 rw",
            "101 20 0:101 / /m101 ro,relatime shared:7 - tmpfs t101 rw");
        using var feed = new MountFeed(before);
        await using MountSubscription subscription = feed.Subscribe();
        await using IAsyncEnumerator<ImmutableArray<MountChange>> batches = subscription.Changes.GetAsyncEnumerator();

        feed.Publish(after);

        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(["propagationChanged 101", "optionsChanged 101"], FeedTables.Describe(batches.Current));
        Assert.Equal(FeedTables.Lines(after), FeedTables.Replay(subscription.Snapshot, [batches.Current]));
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MountFeed(FeedTables.With(), new MountFeedOptions { MinBatchInterval = TimeSpan.FromMilliseconds(-1) }));
        Assert.Throws<ArgumentNullException>(() => new MountFeed(null!));
    }
}
