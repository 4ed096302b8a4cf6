using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using MountViz.Core.Model;
using MountViz.Core.Sources;

namespace MountViz.Linux.Tests.Watching;

/// <summary>
/// Reads a subscription's batches on a background task the moment they arrive, stamping each
/// with <see cref="Stopwatch.GetTimestamp"/>, so tests can wait for a change and measure when
/// it reached the subscriber (not when the test got round to looking).
/// </summary>
internal sealed class ChangeProbe : IAsyncDisposable
{
    private readonly MountSubscription _subscription;
    private readonly Channel<(long At, ImmutableArray<MountChange> Batch)> _arrived = Channel.CreateUnbounded<(long, ImmutableArray<MountChange>)>();
    private readonly Task _reader;

    public ChangeProbe(MountSubscription subscription)
    {
        _subscription = subscription;
        _reader = Task.Run(ReadAsync);
    }

    public MountTable Snapshot => _subscription.Snapshot;

    /// <summary>True once the stream has ended (the source is gone or the subscription was disposed).</summary>
    public bool Ended => _reader.IsCompleted;

    /// <summary>Waits for a change that matches, skipping others; returns it with its arrival timestamp.</summary>
    public async Task<(MountChange Change, long At)> WaitForAsync(Func<MountChange, bool> match, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                (long at, ImmutableArray<MountChange> batch) = await _arrived.Reader.ReadAsync(cancel.Token);
                foreach (MountChange change in batch)
                {
                    if (match(change))
                    {
                        return (change, at);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} reached the subscriber within {timeout.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The stream ended before {what} arrived.");
        }
    }

    /// <summary>The batches that arrive within <paramref name="window"/> (none expected, usually).</summary>
    public async Task<List<ImmutableArray<MountChange>>> CollectAsync(TimeSpan window)
    {
        var batches = new List<ImmutableArray<MountChange>>();
        using var cancel = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                batches.Add((await _arrived.Reader.ReadAsync(cancel.Token)).Batch);
            }
        }
        catch (OperationCanceledException)
        {
            return batches;
        }
        catch (ChannelClosedException)
        {
            return batches;
        }
    }

    /// <summary>Waits until the stream ends; false when it is still going after <paramref name="timeout"/>.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await _reader.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
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
