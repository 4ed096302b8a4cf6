using System.Collections.Immutable;

namespace MountViz.Core.Sources;

/// <summary>A mount namespace MountViz can show.</summary>
/// <param name="Id">Stable ID: <c>host.INODE</c> for a host namespace, <c>lab.LABID.NAME</c> for a lab namespace.</param>
/// <param name="Kind">"host" or "lab".</param>
/// <param name="Name">For people: the main process's command for a host namespace, the namespace name in a lab.</param>
/// <param name="Inode">The namespace's inode (<c>mnt:[INODE]</c>).</param>
/// <param name="Pids">Processes in the namespace (for a lab: the holder).</param>
/// <param name="LabId">The lab, for a lab namespace.</param>
public sealed record SourceInfo(string Id, string Kind, string Name, ulong Inode, ImmutableArray<int> Pids, string? LabId)
{
    /// <summary>The process whose mountinfo is read: its root is the namespace's root (a chrooted process sees less).</summary>
    public int? RepresentativePid { get; init; }

    /// <summary>Process commands by PID, for display.</summary>
    public ImmutableDictionary<int, string> Commands { get; init; } = ImmutableDictionary<int, string>.Empty;

    /// <summary>Where an nsfs file of this namespace is bind-mounted (a namespace kept alive without a process), if any.</summary>
    public ImmutableArray<string> NsfsPaths { get; init; } = [];
}
