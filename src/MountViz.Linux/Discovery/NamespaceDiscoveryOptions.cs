namespace MountViz.Linux.Discovery;

/// <summary>What a namespace scan looks at.</summary>
public sealed record NamespaceDiscoveryOptions
{
    /// <summary>The procfs to scan; tests never need another, but a container may mount the host's elsewhere.</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>
    /// Look for nsfs bind mounts in every namespace found (through its representative's
    /// mountinfo), not only in the server's: a namespace pinned from inside a container is
    /// found too. One mountinfo read per namespace.
    /// </summary>
    public bool NsfsInEveryNamespace { get; init; } = true;

    /// <summary>Lab namespaces by inode (their source IDs), so the scan can tell them from host namespaces.</summary>
    public IReadOnlyDictionary<ulong, string> LabNamespaces { get; init; } = new Dictionary<ulong, string>();
}
