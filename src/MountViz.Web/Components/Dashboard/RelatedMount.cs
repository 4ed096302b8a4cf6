namespace MountViz.Web.Components.Dashboard;

/// <summary>A mount related to the inspected one by propagation, in one of the namespaces drawn.</summary>
/// <param name="NodeId">Its graph node (<c>ns:SOURCEID:MOUNTID</c>): selecting it selects the mount.</param>
/// <param name="SourceId">The namespace's source.</param>
/// <param name="NamespaceLabel">The namespace's caption in the graph.</param>
/// <param name="MountId">mountinfo field 1.</param>
/// <param name="MountPoint">Display text of the mount point.</param>
/// <param name="Tags">Its propagation tags (<c>shared:3 master:1</c>).</param>
public sealed record RelatedMount(string NodeId, string SourceId, string NamespaceLabel, int MountId, string MountPoint, string Tags);
