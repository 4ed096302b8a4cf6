using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Tests.TestSupport;

/// <summary>
/// A reference model of hidden mounts, written the way path lookup works rather than the way
/// MountTable computes it: start at the tree's root, and for each component of a mount's mount
/// point step into the mount attached there (the last one, if several), then into whatever is
/// stacked on top of it. A mount is visible exactly when the lookup of its own mount point ends on it.
/// Valid for real files, where a child's mount point lies at or below its parent's.
/// </summary>
internal static class PathLookup
{
    /// <summary>True when looking up the mount's mount point does not end on it.</summary>
    public static bool IsHidden(MountTable table, MountInfo mount)
    {
        MountInfo top = mount;
        while (table.ParentOf(top) is { } parent)
        {
            top = parent;
        }

        return !ReferenceEquals(Resolve(table, top, mount.MountPoint), mount);
    }

    /// <summary>Whether every child's mount point is its parent's or lies below it (true in real files).</summary>
    public static bool IsWellFormed(MountTable table) =>
        table.Mounts.All(m => table.ParentOf(m) is not { } parent || m.MountPoint == parent.MountPoint || MountTable.IsUnder(m.MountPoint, parent.MountPoint));

    private static MountInfo Resolve(MountTable table, MountInfo root, string path)
    {
        MountInfo current = StackTop(table, root, root.MountPoint);
        foreach (string prefix in Prefixes(path).Where(p => p.Length > root.MountPoint.Length || root.MountPoint == "/" && p != "/"))
        {
            MountInfo? attached = table.ChildrenOf(current).LastOrDefault(c => c.MountPoint == prefix);
            if (attached is not null)
            {
                current = StackTop(table, attached, prefix);
            }
        }

        return current;
    }

    private static MountInfo StackTop(MountTable table, MountInfo mount, string path)
    {
        while (table.ChildrenOf(mount).LastOrDefault(c => c.MountPoint == path) is { } onTop)
        {
            mount = onTop;
        }

        return mount;
    }

    // "/a/b/c" → "/a", "/a/b", "/a/b/c".
    private static IEnumerable<string> Prefixes(string path)
    {
        for (int i = 1; i < path.Length; i++)
        {
            if (path[i] == '/')
            {
                yield return path[..i];
            }
        }

        yield return path;
    }
}
