using System.Collections.Immutable;

namespace MountViz.Linux.Discovery;

/// <summary>One mount namespace found on the machine, read-only.</summary>
/// <param name="Inode">Its inode, as <c>mnt:[INODE]</c> and <c>lsns</c> show it.</param>
/// <param name="Processes">Its processes by ascending PID; empty for a namespace kept alive only by an nsfs bind mount.</param>
/// <param name="RepresentativePid">
/// The process to read the namespace through: one whose root is the namespace's root (a
/// chrooted process's mountinfo shows only what is under its root). Null when no process
/// qualifies or can be looked at.
/// </param>
/// <param name="NsfsPaths">
/// Where nsfs files of this namespace are bind-mounted, as paths that reach them from the
/// server: plain for the server's own namespace, <c>/proc/PID/root/...</c> for others.
/// </param>
/// <param name="IsServerNamespace">True for the namespace MountViz itself runs in.</param>
/// <param name="LabSourceId">The lab namespace's source ID when it belongs to a lab, else null.</param>
public sealed record DiscoveredNamespace(
    ulong Inode,
    ImmutableArray<DiscoveredProcess> Processes,
    int? RepresentativePid,
    ImmutableArray<string> NsfsPaths,
    bool IsServerNamespace,
    string? LabSourceId)
{
    /// <summary>The representative's command, for a name people recognise; for a namespace without processes, where it is pinned.</summary>
    public string DisplayName =>
        RepresentativePid is int pid && Processes.FirstOrDefault(p => p.Pid == pid) is DiscoveredProcess representative
            ? representative.Command
            : Processes.Length > 0
                ? Processes[0].Command
                : NsfsPaths.Length > 0 ? $"nsfs {NsfsPaths[0]}" : $"mnt:[{Inode}]";
}
