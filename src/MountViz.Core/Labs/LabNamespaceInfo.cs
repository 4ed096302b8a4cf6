using MountViz.Core.Operations;

namespace MountViz.Core.Labs;

/// <summary>One namespace of a lab, as the API and the dashboard show it.</summary>
/// <param name="LabId">The lab it belongs to.</param>
/// <param name="Name">Its name in the lab (<c>base</c> for the lab's first namespace).</param>
/// <param name="SourceId">Its source ID (<see cref="LabSourceId"/>), for <c>/api/sources/{id}</c> and the hub.</param>
/// <param name="Pid">The holder process: <c>nsenter -t PID -m</c> enters the namespace.</param>
/// <param name="Inode">The namespace's inode, as <c>lsns</c> and <c>readlink /proc/PID/ns/mnt</c> show it.</param>
/// <param name="ClonedFrom">The namespace it was cloned from; null for <c>base</c>, a clone of the host's namespace.</param>
/// <param name="Propagation">What was applied to its copy of the workspace; null for <c>base</c>.</param>
/// <param name="WorkspacePath">Where the lab's <c>/</c> is in this namespace's own paths (what <c>nsenter</c> users type).</param>
/// <param name="HolderAlive">False once the holder process has ended (the namespace is then unusable).</param>
public sealed record LabNamespaceInfo(
    string LabId,
    string Name,
    string SourceId,
    int Pid,
    ulong Inode,
    string? ClonedFrom,
    NamespacePropagation? Propagation,
    string WorkspacePath,
    bool HolderAlive)
{
    /// <summary>The command that opens a shell in this namespace with the host's own tools.</summary>
    public string NsenterCommand => $"nsenter -t {Pid} -m";
}
