namespace MountViz.Core.Sources;

/// <summary>
/// Every mount table MountViz can show: the host's namespaces (read-only) and lab namespaces.
/// Each offers a snapshot plus a stream of change batches (the Aspire pattern).
/// </summary>
public interface IMountSources
{
    /// <summary>All sources now: host namespaces first, then lab namespaces.</summary>
    IReadOnlyList<SourceInfo> List();

    /// <summary>The source with this ID, or null.</summary>
    SourceInfo? Find(string sourceId);

    /// <summary>
    /// Subscribes to a source: the current table and every later change batch. The snapshot is
    /// taken and the subscriber registered under one lock, so no change falls between them.
    /// Dispose the subscription (or cancel) to end it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such source.</exception>
    MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-reads a source now and hands what changed to its subscribers, for a caller that just
    /// changed it in a way that wakes no watcher (a propagation change): subscribers then need
    /// not wait for the periodic re-read. Completes once the fresh table is published, or at
    /// once when nobody watches the source. Sources that push every change themselves need
    /// not override it.
    /// </summary>
    Task RefreshAsync(string sourceId) => Task.CompletedTask;
}
