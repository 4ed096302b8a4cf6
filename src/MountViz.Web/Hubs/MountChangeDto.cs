using MountViz.Core.Json;
using MountViz.Core.Model;

namespace MountViz.Web.Hubs;

/// <summary>One change in a watched namespace.</summary>
/// <param name="Kind">added, removed, moved, propagationChanged or optionsChanged.</param>
/// <param name="Mount">The mount now (for removed: as it was). Its <c>hidden</c> is not computed here (false): apply the change to the table.</param>
/// <param name="Before">The mount before the change; null for added.</param>
public sealed record MountChangeDto(string Kind, MountDto Mount, MountDto? Before)
{
    /// <summary>Maps a change.</summary>
    public static MountChangeDto From(MountChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.KindName, MountDto.From(change.Mount, null), change.Before is { } before ? MountDto.From(before, null) : null);
    }
}
