using MountViz.Core.Json;
using MountViz.Core.Labs;

namespace MountViz.Web.Api;

/// <summary>One observed change in one namespace of a lab (lab paths).</summary>
/// <param name="Namespace">The namespace it happened in.</param>
/// <param name="Kind">added, removed, moved, propagationChanged or optionsChanged.</param>
/// <param name="Mount">The mount now (for removed: as it was). Its <c>hidden</c> is not computed here (false): use the namespace's table.</param>
/// <param name="Before">The mount before the change; null for added.</param>
public sealed record NamespaceChangeDto(string Namespace, string Kind, MountDto Mount, MountDto? Before)
{
    /// <summary>Maps a change.</summary>
    public static NamespaceChangeDto From(NamespaceChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(
            change.Namespace,
            change.Change.KindName,
            MountDto.From(change.Change.Mount, null),
            change.Change.Before is { } before ? MountDto.From(before, null) : null);
    }
}
