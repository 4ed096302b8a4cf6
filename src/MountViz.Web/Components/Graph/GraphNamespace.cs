namespace MountViz.Web.Components.Graph;

/// <summary>A namespace drawn in a graph, as its toolbar and legend name it.</summary>
/// <param name="SourceId">The mount source (<c>host.INODE</c>, <c>lab.LABID.NAME</c>).</param>
/// <param name="Label">Its caption in the graph.</param>
public sealed record GraphNamespace(string SourceId, string Label);
