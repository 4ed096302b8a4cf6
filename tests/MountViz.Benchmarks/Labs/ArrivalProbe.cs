using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Benchmarks.Labs;

/// <summary>
/// A subscriber that reads its batches the moment they arrive and stamps each with
/// <see cref="Stopwatch.GetTimestamp"/>, so the time a change reached the subscriber is known
/// even when the harness looks later.
/// </summary>
internal sealed class ArrivalProbe : IAsyncDisposable
{
    private readonly MountSubscription _subscription;
    private readonly Channel<(long At, ImmutableArray<MountChange> Batch)> _arrived = Channel.CreateUnbounded<(long, ImmutableArray<MountChange>)>();
    private readonly Task _reader;

    public ArrivalProbe(string sourceId, MountSubscription subscription)
    {
        SourceId = sourceId;
        _subscription = subscription;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The source subscribed to.</summary>
    public string SourceId { get; }

    /// <summary>The snapshot the subscription started with.</summary>
    public MountTable Snapshot => _subscription.Snapshot;

    /// <summary>Waits for a change that matches (skipping others) and returns when it arrived.</summary>
    /// <exception cref="TimeoutException">Nothing matching arrived within <paramref name="timeout"/>.</exception>
    public async Task<long> WaitForAsync(Func<MountChange, bool> match, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                (long at, ImmutableArray<MountChange> batch) = await _arrived.Reader.ReadAsync(cancel.Token);
                if (batch.Any(match))
                {
                    return at;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} reached the subscriber of {SourceId} within {timeout.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The stream of {SourceId} ended before {what} arrived.");
        }
    }

    /// <summary>Drops the batches that arrived so far (the previous phase's).</summary>
    public void Drain()
    {
        while (_arrived.Reader.TryRead(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (ImmutableArray<MountChange> batch in _subscription.Changes)
            {
                _arrived.Writer.TryWrite((Stopwatch.GetTimestamp(), batch));
            }
        }
        finally
        {
            _arrived.Writer.TryComplete();
        }
    }
}
