namespace MountViz.E2E.Tests.Support;

/// <summary>A mount node as the Cytoscape instance in the page holds it.</summary>
/// <param name="Id">The node ID (<c>ns:SOURCEID:MOUNTID</c>).</param>
/// <param name="Namespace">The namespace's compound node ID (<c>ns:SOURCEID</c>).</param>
/// <param name="MountPoint">The mount point as drawn (lab paths for a lab namespace).</param>
/// <param name="Propagation">private, shared, slave, shared+slave or unbindable.</param>
/// <param name="Shared">The peer group (shared:N), if any.</param>
/// <param name="Master">The master group (master:N), if any.</param>
/// <param name="Propagated">The mapper marked it as arrived by propagation.</param>
public sealed record GraphMount(string Id, string Namespace, string MountPoint, string Propagation, int? Shared, int? Master, bool Propagated);
