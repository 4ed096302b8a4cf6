using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Linux.Namespaces;

namespace MountViz.Linux.Labs;

/// <summary>One namespace of a lab: its nsfs handle (which keeps it alive for the executor), its holder process and where its workspace is.</summary>
internal sealed class LabNamespace : IDisposable
{
    private volatile string _workspacePath;
    private volatile bool _deleting;

    public LabNamespace(string labId, string name, MountNamespaceHandle handle, NamespaceHolder holder, string? clonedFrom, NamespacePropagation? propagation, string workspacePath)
    {
        LabId = labId;
        Name = name;
        Handle = handle;
        Holder = holder;
        ClonedFrom = clonedFrom;
        Propagation = propagation;
        _workspacePath = workspacePath;
    }

    public string LabId { get; }

    public string Name { get; }

    public MountNamespaceHandle Handle { get; }

    public NamespaceHolder Holder { get; }

    public string? ClonedFrom { get; }

    public NamespacePropagation? Propagation { get; }

    /// <summary>The workspace root in this namespace's own paths; it changes when the namespace pivot_roots.</summary>
    public string WorkspacePath
    {
        get => _workspacePath;
        set => _workspacePath = value;
    }

    /// <summary>True once deletion started, so the holder's exit is not reported as a loss.</summary>
    public bool Deleting => _deleting;

    public LabNamespaceInfo ToInfo() => new(
        LabId,
        Name,
        LabSourceId.Format(LabId, Name),
        Holder.Pid,
        Handle.Inode,
        ClonedFrom,
        Propagation,
        WorkspacePath,
        !Holder.HasExited);

    /// <summary>Kills and reaps the holder, then closes the nsfs fd: the namespace is gone unless someone else is in it.</summary>
    public void Dispose()
    {
        _deleting = true;
        try
        {
            Holder.Dispose();
        }
        finally
        {
            Handle.Dispose();
        }
    }
}
