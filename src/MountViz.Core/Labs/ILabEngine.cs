using MountViz.Core.Operations;

namespace MountViz.Core.Labs;

/// <summary>
/// Labs: sets of sandbox mount namespaces for experiments, each namespace kept alive by a
/// holder process. The host's namespaces are never changed. Failures are
/// <see cref="LabException"/>s whose <see cref="LabException.Kind"/> maps to an HTTP status.
/// </summary>
public interface ILabEngine
{
    /// <summary>Raised after a lab or namespace is created or deleted, or a holder ends on its own.</summary>
    event EventHandler<LabEvent>? Changed;

    /// <summary>The caps in force.</summary>
    LabLimits Limits { get; }

    /// <summary>Every lab, in creation order.</summary>
    IReadOnlyList<LabInfo> ListLabs();

    /// <summary>The lab with this ID, or null.</summary>
    LabInfo? FindLab(string labId);

    /// <summary>The lab namespace with this source ID (<see cref="LabSourceId"/>), or null.</summary>
    LabNamespaceInfo? FindSource(string sourceId);

    /// <summary>
    /// Creates a lab: a clone of the host's namespace, made rslave first so nothing flows back,
    /// with a fresh shared tmpfs workspace; its namespace is named <c>base</c>.
    /// </summary>
    Task<LabInfo> CreateLabAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a lab: kills and reaps every holder, releasing every namespace and mount.</summary>
    Task DeleteLabAsync(string labId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clones namespace <paramref name="from"/> of a lab into a new namespace
    /// <paramref name="name"/>, then applies <paramref name="propagation"/> to the clone's copy of
    /// the workspace (<c>mount --make-r{private,slave,shared}</c> on it; nothing for unchanged),
    /// as <c>unshare --propagation</c> does to <c>/</c>.
    /// </summary>
    Task<LabNamespaceInfo> CreateNamespaceAsync(string labId, string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken = default);

    /// <summary>Deletes a namespace (not <c>base</c>): kills and reaps its holder.</summary>
    Task DeleteNamespaceAsync(string labId, string name, CancellationToken cancellationToken = default);

    /// <summary>Reads a lab namespace's mount table through its holder's <c>/proc/PID/mountinfo</c>.</summary>
    LabMountView ReadMounts(string labId, string name);
}
