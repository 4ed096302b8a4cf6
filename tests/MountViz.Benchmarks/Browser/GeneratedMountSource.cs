using System.Collections.Immutable;
using System.Threading.Channels;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// One generated namespace as a mount source, for the browser benchmark: the dashboard lists it
/// as a host namespace; <see cref="Publish"/> replaces its table and hands the difference to every
/// subscriber as one batch, as the real sources do after a burst.
/// </summary>
internal sealed class GeneratedMountSource : IMountSources
{
    /// <summary>The source's ID (a host namespace's form: <c>host.INODE</c>).</summary>
    public const string SourceId = "host.4000000001";

    private readonly Lock _gate = new();
    private readonly List<Channel<ImmutableArray<MountChange>>> _subscribers = [];
    private readonly SourceInfo _info;
    private MountTable _table;

    public GeneratedMountSource(MountTable table, string name)
    {
        _table = table;
        _info = new SourceInfo(SourceId, "host", name, 4000000001, [1], null);
    }

    /// <summary>The table now.</summary>
    public MountTable Table
    {
        get
        {
            lock (_gate)
            {
                return _table;
            }
        }
    }

    /// <summary>Open subscriptions (the page's feed).</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public IReadOnlyList<SourceInfo> List() => [_info];

    public SourceInfo? Find(string sourceId) => sourceId == SourceId ? _info : null;

    public MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken = default)
    {
        if (sourceId != SourceId)
        {
            throw new KeyNotFoundException($"No source {sourceId}: the browser benchmark serves only {SourceId}.");
        }

        var channel = Channel.CreateUnbounded<ImmutableArray<MountChange>>(new UnboundedChannelOptions { SingleReader = true });
        MountTable snapshot;
        lock (_gate)
        {
            snapshot = _table;
            _subscribers.Add(channel);
        }

        return new MountSubscription(snapshot, channel.Reader.ReadAllAsync(cancellationToken), () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Makes <paramref name="next"/> the table and sends the difference as one batch; returns the batch.</summary>
    public ImmutableArray<MountChange> Publish(MountTable next)
    {
        lock (_gate)
        {
            ImmutableArray<MountChange> changes = MountDiff.Compare(_table, next);
            _table = next;
            foreach (Channel<ImmutableArray<MountChange>> subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(changes);
            }

            return changes;
        }
    }
}
