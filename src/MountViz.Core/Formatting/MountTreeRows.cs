using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Formatting;

/// <summary>Lays a <see cref="MountTable"/> out as rows in tree order, as <c>findmnt --tree</c> does.</summary>
public static class MountTreeRows
{
    /// <summary>
    /// Each root (the real root first, then orphans, in file order) followed by its subtree,
    /// children in <paramref name="order"/>. Mounts that no root reaches (a parent cycle in a
    /// corrupt file) follow as roots, so no mount is ever left out.
    /// </summary>
    public static ImmutableArray<MountTreeRow> Build(MountTable table, SiblingOrder order = SiblingOrder.Mount)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = ImmutableArray.CreateBuilder<MountTreeRow>(table.Mounts.Length);
        var seen = new HashSet<MountInfo>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Pending>();
        MountInfo? mainRoot = MainRoot(table);

        foreach (MountInfo root in table.Roots)
        {
            Walk(table, root, mainRoot, order, rows, seen, stack);
        }

        foreach (MountInfo mount in table.Mounts)
        {
            if (!seen.Contains(mount))
            {
                Walk(table, mount, mainRoot, order, rows, seen, stack);
            }
        }

        return rows.MoveToImmutable();
    }

    /// <summary>
    /// The root of the namespace: the first root mounted on <c>/</c>. Its parent is outside
    /// every process's view (the initial rootfs on a host, the host's mount in a container), so
    /// it is an orphan to <see cref="MountTable.IsOrphan"/> but is not marked as one: only other
    /// roots, whose parents are missing from a consistent view, are.
    /// </summary>
    public static MountInfo? MainRoot(MountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (MountInfo root in table.Roots)
        {
            if (root.MountPoint == "/")
            {
                return root;
            }
        }

        return null;
    }

    private static void Walk(MountTable table, MountInfo root, MountInfo? mainRoot, SiblingOrder order, ImmutableArray<MountTreeRow>.Builder rows, HashSet<MountInfo> seen, Stack<Pending> stack)
    {
        stack.Push(new Pending(root, 0, string.Empty, IsLast: true));
        while (stack.Count > 0)
        {
            Pending next = stack.Pop();
            if (!seen.Add(next.Mount))
            {
                continue;
            }

            string connector = next.Depth == 0 ? string.Empty : next.Indent + (next.IsLast ? "`-" : "|-");
            rows.Add(Row(table, next.Mount, next.Depth, connector, ReferenceEquals(next.Mount, mainRoot)));

            // Below a root there is no vertical line to continue; below others, one per open sibling list.
            string childIndent = next.Depth == 0 ? string.Empty : next.Indent + (next.IsLast ? "  " : "| ");
            ImmutableArray<MountInfo> children = table.ChildrenOf(next.Mount);
            if (order == SiblingOrder.MountId)
            {
                children = children.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            }

            for (int i = children.Length - 1; i >= 0; i--)
            {
                stack.Push(new Pending(children[i], next.Depth + 1, childIndent, i == children.Length - 1));
            }
        }
    }

    private static MountTreeRow Row(MountTable table, MountInfo mount, int depth, string connector, bool isMainRoot) => new(
        mount,
        depth,
        connector,
        DisplayText.Of(mount.MountPoint),
        DisplayText.SourceWithRoot(mount),
        DisplayText.Of(mount.FsType),
        DisplayText.Of(MountOptionsText.Merge(mount.MountOptions, mount.SuperOptions)),
        DisplayText.Of(mount.PropagationTags),
        table.IsHidden(mount),
        !isMainRoot && table.IsOrphan(mount));

    private readonly record struct Pending(MountInfo Mount, int Depth, string Indent, bool IsLast);
}
