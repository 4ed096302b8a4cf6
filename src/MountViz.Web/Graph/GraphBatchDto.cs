using System.Text.Json.Serialization;

namespace MountViz.Web.Graph;

/// <summary>
/// What the graph module's <c>update(batch)</c> applies, in this order: namespaces (added,
/// renamed, or reloaded when they carry mounts), removed namespaces, then node changes.
/// </summary>
/// <param name="Namespaces">Namespaces to add or relabel; those with mounts are drawn anew.</param>
/// <param name="RemovedNamespaces">Compound node IDs to remove with everything inside.</param>
/// <param name="Changes">Node patches, removals first.</param>
/// <param name="Groups">Colours of every peer group the batch mentions (shared, master or propagate_from).</param>
public sealed record GraphBatchDto(
    IReadOnlyList<GraphNamespaceDto> Namespaces,
    IReadOnlyList<string> RemovedNamespaces,
    IReadOnlyList<GraphChangeDto> Changes,
    IReadOnlyList<GraphPeerGroupDto> Groups)
{
    /// <summary>True when applying the batch would change nothing.</summary>
    [JsonIgnore]
    public bool IsEmpty => Namespaces.Count == 0 && RemovedNamespaces.Count == 0 && Changes.Count == 0;
}
