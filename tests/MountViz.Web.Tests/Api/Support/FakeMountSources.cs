using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>
/// Sources whose change batches a test pushes through a channel per subscriber; counts live
/// subscriptions so tests can see them end.
/// </summary>
internal sealed class FakeMountSources : IMountSources
{
    private readonly Lock _sync = new();
    private readonly List<(string SourceId, Channel<ImmutableArray<MountChange>> Channel)> _subscribers = [];
    private readonly Dictionary<string, (SourceInfo Info, MountTable Table)> _sources = [];
    private int _subscribeCalls;

    public int SubscribeCalls => Volatile.Read(ref _subscribeCalls);

    /// <summary>Source IDs <see cref="RefreshAsync"/> was called with, in order.</summary>
    public List<string> Refreshed { get; } = [];

    public int ActiveSubscriptions
    {
        get
        {
            lock (_sync)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Add(SourceInfo info, MountTable table)
    {
        lock (_sync)
        {
            _sources[info.Id] = (info, table);
        }
    }

    public IReadOnlyList<SourceInfo> List()
    {
        lock (_sync)
        {
            return [.. _sources.Values.Select(s => s.Info)];
        }
    }

    public SourceInfo? Find(string sourceId)
    {
        lock (_sync)
        {
            return _sources.TryGetValue(sourceId, out var source) ? source.Info : null;
        }
    }

    public MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _subscribeCalls);
        var channel = Channel.CreateUnbounded<ImmutableArray<MountChange>>();
        MountTable table;
        lock (_sync)
        {
            if (!_sources.TryGetValue(sourceId, out var source))
            {
                throw new KeyNotFoundException($"No source {sourceId}.");
            }

            table = source.Table;
            _subscribers.Add((sourceId, channel));
        }

        return new MountSubscription(table, Read(channel, cancellationToken), () =>
        {
            lock (_sync)
            {
                _subscribers.RemoveAll(s => s.Channel == channel);
            }

            channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        });
    }

    public Task RefreshAsync(string sourceId)
    {
        lock (_sync)
        {
            Refreshed.Add(sourceId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends a batch to every subscriber of <paramref name="sourceId"/>; returns how many got it.</summary>
    public int Push(string sourceId, params MountChange[] batch)
    {
        lock (_sync)
        {
            var targets = _subscribers.Where(s => s.SourceId == sourceId).ToList();
            foreach (var target in targets)
            {
                target.Channel.Writer.TryWrite([.. batch]);
            }

            return targets.Count;
        }
    }

    /// <summary>Ends every subscriber's stream of <paramref name="sourceId"/>, as a deleted namespace does.</summary>
    public void Complete(string sourceId)
    {
        lock (_sync)
        {
            foreach (var target in _subscribers.Where(s => s.SourceId == sourceId))
            {
                target.Channel.Writer.TryComplete();
            }
        }
    }

    /// <summary>Waits until the number of live subscriptions is <paramref name="count"/>.</summary>
    public async Task WaitForSubscriptionsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (ActiveSubscriptions != count)
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} live subscriptions; there are {ActiveSubscriptions}.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static async IAsyncEnumerable<ImmutableArray<MountChange>> Read(Channel<ImmutableArray<MountChange>> channel, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return batch;
        }
    }
}
