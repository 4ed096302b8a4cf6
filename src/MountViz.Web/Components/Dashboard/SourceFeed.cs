using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The dashboard's live subscription to one source: the snapshot taken when it opened, then a
/// loop over its change batches. Disposing cancels the loop, ends the subscription and waits for
/// the loop, so no batch arrives after <see cref="DisposeAsync"/> returns.
/// </summary>
internal sealed class SourceFeed : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly MountSubscription _subscription;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private SourceFeed(string sourceId, string label, IMountSources sources)
    {
        SourceId = sourceId;
        Label = label;
        _subscription = sources.Subscribe(sourceId, _stop.Token);
    }

    /// <summary>The source followed.</summary>
    public string SourceId { get; }

    /// <summary>The namespace's name in the graph.</summary>
    public string Label { get; }

    /// <summary>The table when the feed opened.</summary>
    public MountTable Snapshot => _subscription.Snapshot;

    /// <summary>Subscribes to <paramref name="sourceId"/>; nothing is read until <see cref="Start"/>.</summary>
    /// <exception cref="KeyNotFoundException">The source is gone.</exception>
    public static SourceFeed Open(IMountSources sources, string sourceId, string label)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return new SourceFeed(sourceId, label, sources);
    }

    /// <summary>
    /// Starts reading batches: each is awaited through <paramref name="onBatch"/> before the next
    /// is read. When the stream ends by itself (the namespace went away) or fails,
    /// <paramref name="onEnded"/> gets null or the failure; it is not called after a dispose.
    /// It is not awaited, so it may dispose this feed.
    /// </summary>
    public void Start(Func<ImmutableArray<MountChange>, Task> onBatch, Action<Exception?> onEnded)
    {
        ArgumentNullException.ThrowIfNull(onBatch);
        ArgumentNullException.ThrowIfNull(onEnded);
        _loop = RunAsync(onBatch, onEnded);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _subscription.DisposeAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(Func<ImmutableArray<MountChange>, Task> onBatch, Action<Exception?> onEnded)
    {
        // Off the caller's stack: Start returns before the first batch is read.
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await foreach (ImmutableArray<MountChange> batch in _subscription.Changes.WithCancellation(_stop.Token).ConfigureAwait(false))
            {
                await onBatch(batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            // A failed feed must not take the page down: the owner shows it and drops the feed.
            failure = e;
        }

        if (!_stop.IsCancellationRequested)
        {
            onEnded(failure);
        }
    }
}
