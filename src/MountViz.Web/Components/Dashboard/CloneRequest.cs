using MountViz.Core.Operations;

namespace MountViz.Web.Components.Dashboard;

/// <summary>What the clone form asks for: <see cref="MountViz.Core.Labs.ILabEngine.CreateNamespaceAsync"/>'s arguments.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="Name">The new namespace's name.</param>
/// <param name="From">The namespace cloned.</param>
/// <param name="Propagation">What is applied to the clone's copy of the workspace.</param>
public sealed record CloneRequest(string LabId, string Name, string From, NamespacePropagation Propagation);
