using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Labs;

/// <summary>
/// One read of a lab namespace's mount table: everything it has, and the workspace view with
/// lab paths. Both come from the same read, so IDs match.
/// </summary>
/// <param name="Namespace">The namespace that was read.</param>
/// <param name="All">The whole table, with the namespace's own paths.</param>
/// <param name="Workspace">The mounts at or under the workspace, with lab paths (<see cref="WorkspaceView.Rewrite"/>).</param>
public sealed record LabMountView(LabNamespaceInfo Namespace, MountTable All, MountTable Workspace)
{
    /// <summary>The table for <paramref name="scope"/>.</summary>
    public MountTable For(LabMountScope scope) => scope == LabMountScope.All ? All : Workspace;

    /// <summary>The mount as the namespace itself shows it (original mount point), or null.</summary>
    public MountInfo? Original(MountInfo mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return All.Find(mount.Id);
    }
}
