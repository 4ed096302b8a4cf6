namespace MountViz.Web.Components.Dashboard;

/// <summary>A namespace ticked or unticked in the sources panel.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Label">Its name in the graph.</param>
/// <param name="Selected">True to draw it, false to stop.</param>
public sealed record SourceToggle(string SourceId, string Label, bool Selected);
