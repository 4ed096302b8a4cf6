using MountViz.Core.Sources;

namespace MountViz.Web.Api;

/// <summary>A mount namespace MountViz can show, as <c>GET /api/sources</c> lists it.</summary>
/// <param name="Id"><c>host.INODE</c> or <c>lab.LABID.NAME</c>: for <c>/api/sources/{id}/mounts</c> and the hub's <c>Watch</c>.</param>
/// <param name="Kind"><c>host</c> (read-only) or <c>lab</c>.</param>
/// <param name="Name">The main process's command for a host namespace; the namespace name in a lab.</param>
/// <param name="Inode">The namespace's inode, as <c>lsns</c> shows it.</param>
/// <param name="Pids">Processes in the namespace (for a lab namespace: its holder).</param>
/// <param name="LabId">The lab, for a lab namespace; null for a host namespace.</param>
public sealed record SourceDto(string Id, string Kind, string Name, ulong Inode, IReadOnlyList<int> Pids, string? LabId)
{
    /// <summary>Maps a source.</summary>
    public static SourceDto From(SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(source.Id, source.Kind, source.Name, source.Inode, [.. source.Pids], source.LabId);
    }
}
