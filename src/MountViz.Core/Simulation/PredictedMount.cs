namespace MountViz.Core.Simulation;

/// <summary>
/// A mount as the simulator predicts it. A mount the operation creates has a provisional
/// <see cref="Id"/> above every ID in use (the kernel picks the real one) and
/// <see cref="IsNew"/> set; its groups may be new ones (<see cref="GroupRef.IsNew"/>).
/// </summary>
/// <param name="Id">The mount ID (provisional when <see cref="IsNew"/>).</param>
/// <param name="IsNew">Whether the operation creates this mount.</param>
/// <param name="ParentId">The parent's ID, or null when the parent lies outside the lab's view.</param>
/// <param name="MountPoint">The lab path.</param>
/// <param name="Root">The directory of its filesystem it shows (<c>/sub</c> for a bind of <c>X/sub</c>).</param>
/// <param name="FsType">The filesystem type.</param>
/// <param name="Source">The mount source.</param>
/// <param name="Major">The device's major number; null for a filesystem the operation creates.</param>
/// <param name="Minor">The device's minor number; null for a filesystem the operation creates.</param>
/// <param name="Shared">Its peer group, or null.</param>
/// <param name="Master">The peer group it is a slave of, or null.</param>
/// <param name="Unbindable">Whether it is unbindable.</param>
/// <param name="PropagateFrom">For a slave, the group that dominates it when that is not its master (mountinfo's <c>propagate_from</c>), or null.</param>
public sealed record PredictedMount(
    int Id,
    bool IsNew,
    int? ParentId,
    string MountPoint,
    string Root,
    string FsType,
    string Source,
    uint? Major,
    uint? Minor,
    GroupRef? Shared,
    GroupRef? Master,
    bool Unbindable,
    GroupRef? PropagateFrom = null)
{
    /// <summary>The optional fields as mountinfo writes them, with new groups named: <c>shared:new group 1 master:3 propagate_from:2</c>, <c>unbindable</c>, or empty for private.</summary>
    public IReadOnlyList<string> Tags =>
        [.. new[] { Shared is null ? null : $"shared:{Shared}", Master is null ? null : $"master:{Master}", PropagateFrom is null ? null : $"propagate_from:{PropagateFrom}", Unbindable ? "unbindable" : null }.OfType<string>()];

    /// <summary>The tags joined by spaces, or <c>private</c>.</summary>
    public string TagsText => Tags.Count == 0 ? "private" : string.Join(' ', Tags);

    /// <inheritdoc/>
    public override string ToString() => $"#{Id}{(IsNew ? " (new)" : "")} {MountPoint} {Source}{(Root == "/" ? "" : " root=" + Root)} {TagsText}";
}
