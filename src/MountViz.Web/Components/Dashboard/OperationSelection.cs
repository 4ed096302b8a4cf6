using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// What the operation forms are prefilled from: a mount selected in the graph or a directory
/// selected in a directory view, in one namespace.
/// </summary>
/// <param name="SourceId">The namespace's source ID (<c>lab.LABID.NAME</c> or <c>host.INODE</c>).</param>
/// <param name="Path">The mount point or directory; a lab path for lab namespaces.</param>
/// <param name="IsMount">True for a mount point, false for a plain directory.</param>
public sealed record OperationSelection(string SourceId, string Path, bool IsMount)
{
    /// <summary>True when the selection is in a lab namespace, where operations can run.</summary>
    public bool InLab => LabSourceId.TryParse(SourceId, out _, out _);

    /// <summary>The selection of a graph node (<c>ns:SOURCEID:MOUNTID</c>) showing <paramref name="mount"/>; null when either is missing.</summary>
    public static OperationSelection? FromNode(string? nodeId, MountInfo? mount) =>
        nodeId is not null && mount is not null && DashboardPage.TryParseNode(nodeId, out string? sourceId, out _)
            ? new OperationSelection(sourceId, mount.MountPoint, true)
            : null;

    /// <summary>A directory chosen in a namespace's directory view.</summary>
    public static OperationSelection Directory(string sourceId, string path) => new(sourceId, path, false);
}
