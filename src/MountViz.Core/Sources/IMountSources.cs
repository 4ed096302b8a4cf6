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
}
