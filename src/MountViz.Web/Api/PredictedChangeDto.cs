using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>One predicted change in one namespace, in the shape of an observed one (<see cref="NamespaceChangeDto"/>).</summary>
/// <param name="Namespace">The namespace it happens in.</param>
/// <param name="Kind">added, removed, moved or propagationChanged.</param>
/// <param name="Mount">The mount after (for removed: as it was).</param>
/// <param name="Before">The mount before; null for added.</param>
public sealed record PredictedChangeDto(string Namespace, string Kind, PredictedMountDto Mount, PredictedMountDto? Before)
{
    /// <summary>Maps one change of <paramref name="ns"/>.</summary>
    public static PredictedChangeDto From(string ns, PredictedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(
            ns,
            KindName(change.Kind),
            PredictedMountDto.From(change.Mount),
            change.Before is { } before && change.Kind != MountChangeKind.Added ? PredictedMountDto.From(before) : null);
    }

    // As MountChange.KindName writes observed changes.
    private static string KindName(MountChangeKind kind) => kind switch
    {
        MountChangeKind.Added => "added",
        MountChangeKind.Removed => "removed",
        MountChangeKind.Moved => "moved",
        MountChangeKind.PropagationChanged => "propagationChanged",
        _ => "optionsChanged",
    };
}
