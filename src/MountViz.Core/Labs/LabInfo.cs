using System.Collections.Immutable;

namespace MountViz.Core.Labs;

/// <summary>A lab: its ID, when it was made, where its workspace is and its namespaces (base first).</summary>
/// <param name="Id">8 lowercase hex digits.</param>
/// <param name="CreatedAt">When the lab was created.</param>
/// <param name="WorkspacePath">The workspace mount point in the lab's namespaces (what <c>nsenter</c> users see as the lab's <c>/</c>).</param>
/// <param name="Namespaces">Its namespaces in creation order; <c>base</c> first.</param>
public sealed record LabInfo(string Id, DateTimeOffset CreatedAt, string WorkspacePath, ImmutableArray<LabNamespaceInfo> Namespaces)
{
    /// <summary>The name of every lab's first namespace.</summary>
    public const string BaseNamespace = "base";

    /// <summary>The namespace with this name, or null.</summary>
    public LabNamespaceInfo? Find(string name) => Namespaces.FirstOrDefault(n => n.Name == name);
}
