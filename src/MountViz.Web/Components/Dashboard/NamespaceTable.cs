using MountViz.Core.Model;

namespace MountViz.Web.Components.Dashboard;

/// <summary>A namespace drawn on the dashboard with its current mount table (a lab namespace's is its workspace, with lab paths).</summary>
/// <param name="SourceId">Its source ID.</param>
/// <param name="Label">How the graph names it.</param>
/// <param name="Table">Its mount table now.</param>
public sealed record NamespaceTable(string SourceId, string Label, MountTable Table);
