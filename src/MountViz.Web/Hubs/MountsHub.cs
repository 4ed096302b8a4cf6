using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using MountViz.Core.Labs;
using MountViz.Core.Sources;

namespace MountViz.Web.Hubs;

/// <summary>
/// The live feed at <c>/hubs/mounts</c>. <c>Watch(sourceId)</c> is a server-to-client stream:
/// the table first, then every change batch of that source, until the client cancels, the
/// connection ends or the source goes away (a deleted lab namespace: the stream completes).
/// Needs the access token (<c>access_token</c> query parameter or <c>Authorization</c> header).
/// </summary>
public sealed class MountsHub(IMountSources sources) : Hub
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/mounts";

    /// <summary>Streams <c>{kind: "snapshot", ...}</c> and then <c>{kind: "changes", ...}</c> batches of one source.</summary>
    /// <param name="sourceId">A source ID from <c>GET /api/sources</c> (<c>host.INODE</c>, <c>lab.LABID.NAME</c>).</param>
    /// <param name="cancellationToken">Fired by SignalR when the client cancels the stream or disconnects.</param>
    public async IAsyncEnumerable<WatchMessage> Watch(string sourceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        MountSubscription subscription = Subscribe(sourceId, cancellationToken);
        await using (subscription.ConfigureAwait(false))
        {
            yield return WatchSnapshot.From(sourceId, subscription.Snapshot);
            await foreach (var batch in subscription.Changes.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!batch.IsDefaultOrEmpty)
                {
                    yield return WatchChanges.From(sourceId, batch);
                }
            }
        }
    }

    private MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sourceId))
        {
            throw new HubException("Watch needs a source ID: one of the ids GET /api/sources lists (host.INODE or lab.LABID.NAME).");
        }

        try
        {
            return sources.Subscribe(sourceId, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw new HubException($"There is no source '{sourceId}'. GET /api/sources lists the sources there are now (host.INODE or lab.LABID.NAME).");
        }
        catch (Exception e) when (e is LabException or InvalidOperationException)
        {
            // A lab failure, or a host namespace no process can be read through: the message
            // says what happened and what to do. Other exceptions stay hidden from clients.
            throw new HubException(e.Message);
        }
    }
}
