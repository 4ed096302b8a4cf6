using MountViz.Core.Mountinfo;
using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>A mount as the simulator predicts it (lab paths).</summary>
/// <param name="Id">The mount ID; provisional (above every ID in use) when <paramref name="IsNew"/>: the kernel picks the real one.</param>
/// <param name="IsNew">Whether the operation creates this mount.</param>
/// <param name="ParentId">The parent's ID (provisional for a new parent), or null when the parent lies outside the lab's view.</param>
/// <param name="MountPoint">The lab path.</param>
/// <param name="Root">The directory of its filesystem it shows.</param>
/// <param name="FsType">The filesystem type.</param>
/// <param name="Source">The mount source.</param>
/// <param name="Shared">Its peer group, or null.</param>
/// <param name="Master">The group it is a slave of, or null.</param>
/// <param name="Unbindable">Whether it is unbindable.</param>
/// <param name="Tags">The optional fields as text: <c>shared:new group 1 master:3</c>, <c>unbindable</c> or <c>private</c>.</param>
public sealed record PredictedMountDto(
    int Id,
    bool IsNew,
    int? ParentId,
    string MountPoint,
    string Root,
    string FsType,
    string Source,
    GroupRefDto? Shared,
    GroupRefDto? Master,
    bool Unbindable,
    string Tags)
{
    /// <summary>Maps a predicted mount; paths are shown with invalid UTF-8 bytes as octal escapes.</summary>
    public static PredictedMountDto From(PredictedMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return new(
            mount.Id,
            mount.IsNew,
            mount.ParentId,
            MountText.ToDisplay(mount.MountPoint),
            MountText.ToDisplay(mount.Root),
            MountText.ToDisplay(mount.FsType),
            MountText.ToDisplay(mount.Source),
            GroupRefDto.From(mount.Shared),
            GroupRefDto.From(mount.Master),
            mount.Unbindable,
            mount.TagsText);
    }
}
