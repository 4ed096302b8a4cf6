using MountViz.Core.Model;

namespace MountViz.Core.Scenarios;

/// <summary>A namespace's mount table (workspace view, lab paths) after a step.</summary>
/// <param name="Namespace">The lab namespace.</param>
/// <param name="Table">Its mounts at or under the workspace.</param>
public sealed record NamespaceTable(string Namespace, MountTable Table);
