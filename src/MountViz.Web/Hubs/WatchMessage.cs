using System.Text.Json.Serialization;

namespace MountViz.Web.Hubs;

/// <summary>
/// One item of the hub's <c>Watch</c> stream: a <see cref="WatchSnapshot"/> first, then
/// <see cref="WatchChanges"/> batches. <see cref="Kind"/> comes first in the JSON, so a client
/// can tell them apart.
/// </summary>
public abstract record WatchMessage
{
    private protected WatchMessage(string kind) => Kind = kind;

    /// <summary><c>snapshot</c> or <c>changes</c>.</summary>
    [JsonPropertyOrder(-2)]
    public string Kind { get; }

    /// <summary>The source watched.</summary>
    [JsonPropertyOrder(-1)]
    public required string SourceId { get; init; }
}
