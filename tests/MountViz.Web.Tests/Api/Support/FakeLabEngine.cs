using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>
/// Labs in memory: enough for the API's mapping, status codes and validation. <see cref="Failure"/>
/// makes every mutating call throw it. The real engine is tested through the API in RealLabTests.
/// </summary>
internal sealed class FakeLabEngine : ILabEngine
{
    public const string Workspace = "/run/mountviz/workspace";

    private readonly Lock _sync = new();
    private readonly List<LabInfo> _labs = [];
    private int _nextLab = 0xa0;
    private int _nextPid = 4000;

    public event EventHandler<LabEvent>? Changed;

    public LabLimits Limits { get; } = LabLimits.Default;

    /// <summary>Thrown by every create/delete call when set.</summary>
    public LabException? Failure { get; set; }

    /// <summary>Tables returned by <see cref="ReadMounts"/>, by namespace name.</summary>
    public Dictionary<string, MountTable> Tables { get; } = [];

    public List<string> Calls { get; } = [];

    public IReadOnlyList<LabInfo> ListLabs()
    {
        lock (_sync)
        {
            return [.. _labs];
        }
    }

    public LabInfo? FindLab(string labId)
    {
        lock (_sync)
        {
            return _labs.Find(l => l.Id == labId);
        }
    }

    public LabNamespaceInfo? FindSource(string sourceId) =>
        LabSourceId.TryParse(sourceId, out string? labId, out string? name) ? FindLab(labId)?.Find(name) : null;

    public Task<LabInfo> CreateLabAsync(CancellationToken cancellationToken = default)
    {
        Record("CreateLab");
        lock (_sync)
        {
            string id = (_nextLab++).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            var lab = new LabInfo(id, DateTimeOffset.UnixEpoch, Workspace, [Namespace(id, LabInfo.BaseNamespace, null, null)]);
            _labs.Add(lab);
            Changed?.Invoke(this, new LabEvent(LabEventKind.LabCreated, id, null));
            return Task.FromResult(lab);
        }
    }

    public Task DeleteLabAsync(string labId, CancellationToken cancellationToken = default)
    {
        Record($"DeleteLab {labId}");
        lock (_sync)
        {
            if (_labs.RemoveAll(l => l.Id == labId) == 0)
            {
                throw new LabException(LabErrorKind.NotFound, $"There is no lab '{labId}'.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<LabNamespaceInfo> CreateNamespaceAsync(string labId, string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken = default)
    {
        Record($"CreateNamespace {labId} {name} from={from} propagation={propagation.ToWord()}");
        lock (_sync)
        {
            int index = _labs.FindIndex(l => l.Id == labId);
            if (index < 0)
            {
                throw new LabException(LabErrorKind.NotFound, $"There is no lab '{labId}'.");
            }

            if (_labs[index].Find(from) is null)
            {
                throw new LabException(LabErrorKind.NotFound, $"Lab {labId} has no namespace named '{from}'.");
            }

            LabNamespaceInfo ns = Namespace(labId, name, from, propagation);
            _labs[index] = _labs[index] with { Namespaces = _labs[index].Namespaces.Add(ns) };
            return Task.FromResult(ns);
        }
    }

    public Task DeleteNamespaceAsync(string labId, string name, CancellationToken cancellationToken = default)
    {
        Record($"DeleteNamespace {labId} {name}");
        return Task.CompletedTask;
    }

    public LabMountView ReadMounts(string labId, string name)
    {
        LabNamespaceInfo ns = FindLab(labId)?.Find(name) ?? throw new LabException(LabErrorKind.NotFound, $"No namespace {name} in lab {labId}.");
        MountTable all = Tables[name];
        return new LabMountView(ns, all, WorkspaceView.Rewrite(all, Workspace));
    }

    private void Record(string call)
    {
        lock (_sync)
        {
            Calls.Add(call);
        }

        if (Failure is not null)
        {
            throw Failure;
        }
    }

    private LabNamespaceInfo Namespace(string labId, string name, string? from, NamespacePropagation? propagation) =>
        new(labId, name, LabSourceId.Format(labId, name), _nextPid++, 4026532000UL + (ulong)_nextPid, from, propagation, Workspace, HolderAlive: true);
}
