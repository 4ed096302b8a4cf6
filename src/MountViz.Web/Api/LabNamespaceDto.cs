using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Web.Api;

/// <summary>One namespace of a lab.</summary>
/// <param name="Name">Its name (<c>base</c> for the first).</param>
/// <param name="Pid">Its holder process: <c>nsenter -t PID -m</c> enters it.</param>
/// <param name="SourceId">Its source ID, for <c>/api/sources/{id}/mounts</c> and the hub.</param>
/// <param name="Inode">The namespace's inode (<c>lsns</c>).</param>
/// <param name="ClonedFrom">The namespace it was cloned from; null for <c>base</c>.</param>
/// <param name="Propagation">unchanged, private, slave or shared: what was applied to its copy of the workspace; null for <c>base</c>.</param>
/// <param name="WorkspacePath">Where the lab's <c>/</c> is in this namespace's own paths.</param>
/// <param name="HolderAlive">False once its holder has ended (then the namespace is unusable).</param>
/// <param name="NsenterCommand">The shell command that enters it with the host's tools.</param>
public sealed record LabNamespaceDto(
    string Name,
    int Pid,
    string SourceId,
    ulong Inode,
    string? ClonedFrom,
    string? Propagation,
    string WorkspacePath,
    bool HolderAlive,
    string NsenterCommand)
{
    /// <summary>Maps a namespace.</summary>
    public static LabNamespaceDto From(LabNamespaceInfo ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new(ns.Name, ns.Pid, ns.SourceId, ns.Inode, ns.ClonedFrom, ns.Propagation?.ToWord(), ns.WorkspacePath, ns.HolderAlive, ns.NsenterCommand);
    }
}
