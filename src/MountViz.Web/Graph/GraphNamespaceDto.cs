namespace MountViz.Web.Graph;

/// <summary>A namespace drawn as one compound node.</summary>
/// <param name="Id">The compound node's ID: <c>ns:SOURCEID</c>.</param>
/// <param name="SourceId">The mount source (<c>host.INODE</c>, <c>lab.LABID.NAME</c>).</param>
/// <param name="Label">The compound node's caption.</param>
/// <param name="Mounts">When set, the whole table: the module replaces what it drew for this namespace and lays it out anew.</param>
public sealed record GraphNamespaceDto(string Id, string SourceId, string Label, IReadOnlyList<GraphMountDto>? Mounts);
