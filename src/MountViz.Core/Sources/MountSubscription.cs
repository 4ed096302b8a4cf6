using System.Collections.Immutable;
using MountViz.Core.Model;

namespace MountViz.Core.Sources;

/// <summary>A subscriber's view of a source: the table when it subscribed, then every change batch.</summary>
public sealed class MountSubscription : IAsyncDisposable
{
    private readonly Func<ValueTask> _unsubscribe;

    /// <summary>Creates a subscription; <paramref name="unsubscribe"/> runs once on dispose.</summary>
    public MountSubscription(MountTable snapshot, IAsyncEnumerable<ImmutableArray<MountChange>> changes, Func<ValueTask> unsubscribe)
    {
        Snapshot = snapshot;
        Changes = changes;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The table at the moment of subscribing.</summary>
    public MountTable Snapshot { get; }

    /// <summary>Change batches after the snapshot; bursts are coalesced into one batch.</summary>
    public IAsyncEnumerable<ImmutableArray<MountChange>> Changes { get; }

    private int _disposed;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _unsubscribe() : ValueTask.CompletedTask;
}
