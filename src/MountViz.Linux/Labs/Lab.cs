using System.Collections.Immutable;
using MountViz.Core.Labs;

namespace MountViz.Linux.Labs;

/// <summary>A lab's state: its namespaces, and the gate that serializes everything done to it.</summary>
internal sealed class Lab(string id, DateTimeOffset createdAt, string workspacePath)
{
    private readonly Lock _sync = new();
    private readonly List<LabNamespace> _namespaces = [];
    private volatile bool _deleted;

    public string Id { get; } = id;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string WorkspacePath { get; } = workspacePath;

    /// <summary>One caller at a time: operations, clones and deletions of this lab queue here.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool Deleted => _deleted;

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _namespaces.Count;
            }
        }
    }

    public LabNamespace? Find(string name)
    {
        lock (_sync)
        {
            return _namespaces.Find(n => n.Name == name);
        }
    }

    public ImmutableArray<LabNamespace> Snapshot()
    {
        lock (_sync)
        {
            return [.. _namespaces];
        }
    }

    public void Add(LabNamespace ns)
    {
        lock (_sync)
        {
            _namespaces.Add(ns);
        }
    }

    public bool Remove(LabNamespace ns)
    {
        lock (_sync)
        {
            return _namespaces.Remove(ns);
        }
    }

    /// <summary>Marks the lab deleted and hands back its namespaces for disposal.</summary>
    public ImmutableArray<LabNamespace> MarkDeleted()
    {
        lock (_sync)
        {
            _deleted = true;
            ImmutableArray<LabNamespace> all = [.. _namespaces];
            _namespaces.Clear();
            return all;
        }
    }

    public LabInfo ToInfo() => new(Id, CreatedAt, WorkspacePath, [.. Snapshot().Select(n => n.ToInfo())]);
}
