using System.Collections.Immutable;
using MountViz.Core.Model;

namespace MountViz.Web.Hubs;

/// <summary><c>{kind: "changes", sourceId, changes: [...]}</c>: one coalesced batch of changes.</summary>
public sealed record WatchChanges : WatchMessage
{
    /// <summary>Creates the message; its kind is <c>changes</c>.</summary>
    public WatchChanges()
        : base("changes")
    {
    }

    /// <summary>The changes, in the order the diff found them.</summary>
    public required IReadOnlyList<MountChangeDto> Changes { get; init; }

    /// <summary>Maps a batch.</summary>
    public static WatchChanges From(string sourceId, ImmutableArray<MountChange> batch) =>
        new() { SourceId = sourceId, Changes = [.. batch.Select(MountChangeDto.From)] };
}
