namespace MountViz.Web.Graph;

/// <summary>A legend entry: a peer group and its colour.</summary>
/// <param name="Group">The peer group ID N.</param>
/// <param name="Label"><c>shared:N</c>.</param>
/// <param name="Color">A CSS colour, readable on light and dark backgrounds.</param>
public sealed record GraphPeerGroupDto(int Group, string Label, string Color);
