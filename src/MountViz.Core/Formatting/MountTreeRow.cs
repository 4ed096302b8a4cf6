using MountViz.Core.Mountinfo;

namespace MountViz.Core.Formatting;

/// <summary>
/// One mount in tree order, with everything a view needs to draw it: depth, findmnt-style
/// connectors and display text (non-UTF-8 bytes and control characters as <c>\ooo</c>).
/// </summary>
/// <param name="Mount">The mount.</param>
/// <param name="Depth">0 for a root (or orphan), 1 for its children, and so on.</param>
/// <param name="Connector">The tree drawing before the target: <c>"| |-"</c>, <c>"  `-"</c>; empty for a root.</param>
/// <param name="Target">The mount point, for display.</param>
/// <param name="Source">The source, with <c>[/root]</c> when the mount shows a subdirectory.</param>
/// <param name="FsType">The filesystem type, for display.</param>
/// <param name="Options">Per-mount and superblock options merged as findmnt shows them.</param>
/// <param name="PropagationTags">The optional fields (<c>shared:5,master:1</c>) or <c>private</c>/<c>unbindable</c>.</param>
/// <param name="Hidden">True when the mount is over-mounted or covered (findmnt's "shadowed").</param>
/// <param name="Orphan">True when the mount is a root whose parent is not in the table, other than the namespace's own root (see <see cref="MountTreeRows.MainRoot"/>).</param>
public sealed record MountTreeRow(
    MountInfo Mount,
    int Depth,
    string Connector,
    string Target,
    string Source,
    string FsType,
    string Options,
    string PropagationTags,
    bool Hidden,
    bool Orphan);
