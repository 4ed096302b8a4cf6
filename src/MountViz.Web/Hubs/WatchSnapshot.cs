using MountViz.Core.Json;
using MountViz.Core.Model;

namespace MountViz.Web.Hubs;

/// <summary><c>{kind: "snapshot", sourceId, mounts, diagnostics}</c>: the whole table when watching starts.</summary>
public sealed record WatchSnapshot : WatchMessage
{
    /// <summary>Creates the message; its kind is <c>snapshot</c>.</summary>
    public WatchSnapshot()
        : base("snapshot")
    {
    }

    /// <summary>Every mount, in mountinfo order (lab namespaces: the workspace, with lab paths).</summary>
    public required IReadOnlyList<MountDto> Mounts { get; init; }

    /// <summary>Lines of the table that did not parse.</summary>
    public required IReadOnlyList<DiagnosticDto> Diagnostics { get; init; }

    /// <summary>Maps a table.</summary>
    public static WatchSnapshot From(string sourceId, MountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        MountTableDto dto = MountTableDto.From(table);
        return new WatchSnapshot { SourceId = sourceId, Mounts = dto.Mounts, Diagnostics = dto.Diagnostics };
    }
}
