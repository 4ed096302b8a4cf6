namespace MountViz.Core.Labs;

/// <summary>A change in the set of labs and namespaces, for source lists and watchers.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="LabId">The lab.</param>
/// <param name="NamespaceName">The namespace, or null for lab-level events.</param>
public sealed record LabEvent(LabEventKind Kind, string LabId, string? NamespaceName);
