using MountViz.Core.Model;

namespace MountViz.Core.Simulation;

/// <summary>
/// One predicted change in one namespace, in the shape of an observed <see cref="MountChange"/>:
/// added, removed, moved (new mount point or parent) or propagation changed. A mount that is
/// both moved and changes type has one change of each kind.
/// </summary>
/// <param name="Kind">What happens to the mount (never <see cref="MountChangeKind.OptionsChanged"/>).</param>
/// <param name="Mount">The mount after (for a removal: as it was).</param>
/// <param name="Before">The mount before, except for an addition.</param>
public sealed record PredictedChange(MountChangeKind Kind, PredictedMount Mount, PredictedMount? Before)
{
    /// <inheritdoc/>
    public override string ToString() => Before is null || Kind == MountChangeKind.Removed
        ? $"{Kind}: {Mount}"
        : $"{Kind}: {Mount} (was {Before.MountPoint} {Before.TagsText})";
}
