using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Operations;

/// <summary>
/// Path lookups in one namespace's mount table as the kernel walks them: from the root mount
/// down, component by component, always continuing on the top-most mount of a stack. So a
/// mount hidden under an over-mount of a directory above it is never taken for the one a path
/// reaches. Paths are the table's own (the namespace's paths, as its holder sees them).
/// </summary>
internal sealed class MountTree(MountTable table)
{
    /// <summary>The table.</summary>
    public MountTable Table { get; } = table;

    /// <summary>The top-most mount at the namespace's root <c>/</c>, or null when no mount is at <c>/</c> (a root that is not a mount point).</summary>
    public MountInfo? Root
    {
        get
        {
            MountInfo? bottom = Table.Mounts.FirstOrDefault(m => m.MountPoint == "/" && Table.ParentOf(m) is null);
            return bottom is null ? null : Top(bottom);
        }
    }

    /// <summary>The mount that <paramref name="path"/> lies on (the top-most one there when it is a mount point).</summary>
    public MountInfo? Containing(string path) => Walk(path).Mount;

    /// <summary>The top-most mount whose root is at <paramref name="path"/>, or null when nothing is mounted there.</summary>
    public MountInfo? TopAt(string path)
    {
        (MountInfo? mount, bool mountPoint) = Walk(path);
        return mountPoint ? mount : null;
    }

    /// <summary>Every mount below <paramref name="mount"/> (children, their children, ...), deepest first, siblings in ID order, as umount(8) -R unmounts them.</summary>
    public List<MountInfo> BelowDeepestFirst(MountInfo mount)
    {
        var order = new List<MountInfo>();
        var visited = new HashSet<int> { mount.Id };
        PostOrder(mount, order, visited);
        return order;
    }

    /// <summary>
    /// The mounts a recursive bind of <paramref name="path"/> copies: the mount it lies on and
    /// every mount below it whose mount point is at or under the path, without unbindable
    /// mounts and their subtrees (which rbind skips).
    /// </summary>
    public List<MountInfo> RecursiveBindSource(string path)
    {
        var copied = new List<MountInfo>();
        if (Containing(path) is not MountInfo source || source.Unbindable)
        {
            return copied;
        }

        copied.Add(source);
        var visited = new HashSet<int> { source.Id };
        foreach (MountInfo child in Table.ChildrenOf(source))
        {
            if (IsAtOrUnder(child.MountPoint, path))
            {
                AddBindable(child, copied, visited);
            }
        }

        return copied;
    }

    /// <summary>The mount and everything below it (what a move carries).</summary>
    public List<MountInfo> Subtree(MountInfo mount)
    {
        var all = new List<MountInfo> { mount };
        var visited = new HashSet<int> { mount.Id };
        Collect(mount, all, visited);
        return all;
    }

    /// <summary>Whether <paramref name="mount"/> is <paramref name="ancestor"/> or below it in the mount tree.</summary>
    public bool IsInSubtree(MountInfo mount, MountInfo ancestor)
    {
        var seen = new HashSet<int>();
        for (MountInfo? m = mount; m is not null && seen.Add(m.Id); m = Table.ParentOf(m))
        {
            if (m.Id == ancestor.Id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or below it, as paths.</summary>
    public static bool IsAtOrUnder(string path, string ancestor) =>
        path == ancestor
        || ancestor == "/"
        || (path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal));

    private (MountInfo? Mount, bool MountPoint) Walk(string path)
    {
        MountInfo? current = Root;
        if (current is null)
        {
            return (null, false);
        }

        if (path == "/")
        {
            return (current, true);
        }

        bool mountPoint = false;
        string prefix = string.Empty;
        foreach (string component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + component;
            MountInfo? child = LastChildAt(current, prefix);
            mountPoint = child is not null;
            if (child is not null)
            {
                current = Top(child);
            }
        }

        return (current, mountPoint);
    }

    private MountInfo Top(MountInfo mount)
    {
        var seen = new HashSet<int> { mount.Id };
        MountInfo top = mount;
        while (LastChildAt(top, top.MountPoint) is MountInfo above && seen.Add(above.Id))
        {
            top = above;
        }

        return top;
    }

    private MountInfo? LastChildAt(MountInfo parent, string mountPoint)
    {
        MountInfo? found = null;
        foreach (MountInfo child in Table.ChildrenOf(parent))
        {
            if (child.MountPoint == mountPoint && child.Id != parent.Id)
            {
                found = child;
            }
        }

        return found;
    }

    private void PostOrder(MountInfo mount, List<MountInfo> order, HashSet<int> visited)
    {
        foreach (MountInfo child in Table.ChildrenOf(mount).OrderBy(c => c.Id))
        {
            if (visited.Add(child.Id))
            {
                PostOrder(child, order, visited);
                order.Add(child);
            }
        }
    }

    private void Collect(MountInfo mount, List<MountInfo> all, HashSet<int> visited)
    {
        foreach (MountInfo child in Table.ChildrenOf(mount))
        {
            if (visited.Add(child.Id))
            {
                all.Add(child);
                Collect(child, all, visited);
            }
        }
    }

    private void AddBindable(MountInfo mount, List<MountInfo> copied, HashSet<int> visited)
    {
        if (!visited.Add(mount.Id) || mount.Unbindable)
        {
            return;
        }

        copied.Add(mount);
        foreach (MountInfo child in Table.ChildrenOf(mount))
        {
            AddBindable(child, copied, visited);
        }
    }
}
