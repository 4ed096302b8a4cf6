namespace MountViz.Web.Graph;

/// <summary>
/// One mount as the graph module draws it (camelCase JSON across JS interop). Text is for
/// display: bytes that are not UTF-8 appear as octal escapes.
/// </summary>
/// <param name="Id">The node ID: <c>ns:SOURCEID:MOUNTID</c>, unique across the namespaces drawn.</param>
/// <param name="Namespace">The compound node of its namespace: <c>ns:SOURCEID</c>.</param>
/// <param name="MountId">mountinfo field 1.</param>
/// <param name="Parent">The node ID of the mount it sits on, or null for a root or an orphan.</param>
/// <param name="MountPoint">The node's label.</param>
/// <param name="Detail">The secondary line: <c>fstype · source</c>, then <c>[root]</c> when the bind root is not <c>/</c>.</param>
/// <param name="FsType">mountinfo field 9.</param>
/// <param name="Source">mountinfo field 10.</param>
/// <param name="Root">The bind root when it is not <c>/</c>, else null.</param>
/// <param name="Options">The per-mount options (field 6).</param>
/// <param name="Propagation">private, shared, slave, shared+slave or unbindable.</param>
/// <param name="Shared">The N of <c>shared:N</c>.</param>
/// <param name="Master">The N of <c>master:N</c>.</param>
/// <param name="PropagateFrom">The N of <c>propagate_from:N</c>.</param>
/// <param name="Unbindable">The <c>unbindable</c> tag.</param>
/// <param name="Hidden">Over-mounted or covered: not visible at its mount point.</param>
/// <param name="Propagated">For an added mount: it arrived by propagation, not by the call itself.</param>
/// <param name="Line">The raw mountinfo line, for the tooltip.</param>
public sealed record GraphMountDto(
    string Id,
    string Namespace,
    int MountId,
    string? Parent,
    string MountPoint,
    string Detail,
    string FsType,
    string Source,
    string? Root,
    string Options,
    string Propagation,
    int? Shared,
    int? Master,
    int? PropagateFrom,
    bool Unbindable,
    bool Hidden,
    bool Propagated,
    string Line);
