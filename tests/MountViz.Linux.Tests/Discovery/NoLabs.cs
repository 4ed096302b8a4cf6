using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Linux.Tests.Discovery;

/// <summary>An engine with no labs, for host-only source tests: every namespace found is a host namespace.</summary>
internal sealed class NoLabs : ILabEngine
{
    public event EventHandler<LabEvent>? Changed
    {
        add { }
        remove { }
    }

    public LabLimits Limits => LabLimits.Default;

    public IReadOnlyList<LabInfo> ListLabs() => [];

    public LabInfo? FindLab(string labId) => null;

    public LabNamespaceInfo? FindSource(string sourceId) => null;

    public Task<LabInfo> CreateLabAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException("Host-only tests create no labs.");

    public Task DeleteLabAsync(string labId, CancellationToken cancellationToken = default) => throw new NotSupportedException("Host-only tests create no labs.");

    public Task<LabNamespaceInfo> CreateNamespaceAsync(string labId, string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Host-only tests create no labs.");

    public Task DeleteNamespaceAsync(string labId, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException("Host-only tests create no labs.");

    public LabMountView ReadMounts(string labId, string name) => throw new LabException(LabErrorKind.NotFound, $"There is no lab '{labId}'.");
}
