using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>
/// One namespace's mount table as a tree: mounts in file order, parent/children, roots (with
/// orphans whose parent is outside the file), peer groups, master links and hidden mounts.
/// Immutable; build a new one per snapshot.
/// </summary>
public sealed class MountTable
{
    private static readonly ImmutableArray<MountInfo> None = [];

    private readonly MountIdIndex _indexById;
    private IReadOnlyDictionary<int, IReadOnlyList<MountInfo>>? _peerGroups;
    private IReadOnlyDictionary<int, IReadOnlyList<MountInfo>>? _slavesByMaster;
    private readonly ImmutableArray<MountInfo>[] _children;
    private readonly bool[] _hidden;
    private readonly bool[] _orphan;

    private MountTable(ImmutableArray<MountInfo> mounts, ImmutableArray<MountInfoDiagnostic> diagnostics)
    {
        Mounts = mounts;
        Diagnostics = diagnostics;
        int count = mounts.Length;
        int minId = int.MaxValue, maxId = int.MinValue;
        foreach (MountInfo mount in mounts)
        {
            minId = Math.Min(minId, mount.Id);
            maxId = Math.Max(maxId, mount.Id);
        }

        _indexById = new MountIdIndex(count, minId, maxId);
        List<int>? duplicates = null;
        for (int i = 0; i < count; i++)
        {
            MountInfo mount = mounts[i];
            if (!_indexById.TryAdd(mount.Id, i))
            {
                duplicates ??= [];
                if (!duplicates.Contains(mount.Id))
                {
                    duplicates.Add(mount.Id);
                }
            }
        }

        DuplicateIds = duplicates is null ? [] : [.. duplicates];

        using var tree = new MountTree(mounts, _indexById);
        var roots = ImmutableArray.CreateBuilder<MountInfo>();
        _orphan = new bool[count];
        _children = new ImmutableArray<MountInfo>[count];
        for (int i = 0; i < count; i++)
        {
            MountInfo mount = mounts[i];
            if (tree.ParentOf(i) < 0)
            {
                // The real root names itself or a parent outside this process's root (after
                // chroot/pivot_root); a container's view may have several such orphans.
                roots.Add(mount);
                _orphan[i] = mount.ParentId != mount.Id;
            }

            _children[i] = Select(mounts, tree.ChildrenOf(i));
        }

        Roots = roots.ToImmutable();
        _hidden = ComputeHidden(mounts, tree);
    }

    /// <summary>Every mount in file order.</summary>
    public ImmutableArray<MountInfo> Mounts { get; }

    /// <summary>Lines that did not parse.</summary>
    public ImmutableArray<MountInfoDiagnostic> Diagnostics { get; }

    /// <summary>Mounts without a parent in this table: the root, and orphans.</summary>
    public ImmutableArray<MountInfo> Roots { get; }

    /// <summary>Mount IDs that appear more than once (lookups find the first).</summary>
    public ImmutableArray<int> DuplicateIds { get; }

    /// <summary>
    /// Peer group N → its members (mounts showing <c>shared:N</c>), in file order. Indexed on first
    /// use: a table that is only diffed (most snapshots of a watched namespace) never needs it.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<MountInfo>> PeerGroups =>
        _peerGroups ?? Interlocked.CompareExchange(ref _peerGroups, new GroupIndex(Mounts, static m => m.Shared), null) ?? _peerGroups;

    /// <summary>Peer group N → the mounts that are its slaves (<c>master:N</c>), in file order. Indexed on first use.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<MountInfo>> SlavesByMaster =>
        _slavesByMaster ?? Interlocked.CompareExchange(ref _slavesByMaster, new GroupIndex(Mounts, static m => m.Master), null) ?? _slavesByMaster;

    /// <summary>Builds the table from parsed mounts.</summary>
    public static MountTable Build(ImmutableArray<MountInfo> mounts, ImmutableArray<MountInfoDiagnostic> diagnostics = default) =>
        new(mounts, diagnostics.IsDefault ? [] : diagnostics);

    /// <summary>Parses mountinfo bytes and builds the table.</summary>
    public static MountTable Parse(ReadOnlySpan<byte> mountinfo)
    {
        MountInfoParseResult result = MountInfoParser.Parse(mountinfo);
        return new MountTable(result.Mounts, result.Diagnostics);
    }

    /// <summary>The mount with this ID, or null.</summary>
    public MountInfo? Find(int id) => _indexById.TryGetValue(id, out int index) ? Mounts[index] : null;

    /// <summary>The mount this one is attached to, or null for a root or orphan.</summary>
    public MountInfo? ParentOf(MountInfo mount) =>
        mount.ParentId != mount.Id && _indexById.TryGetValue(mount.ParentId, out int index) && Mounts[index] != mount
            ? Mounts[index]
            : null;

    /// <summary>The mounts attached to this one, in file (mount) order.</summary>
    public ImmutableArray<MountInfo> ChildrenOf(MountInfo mount) =>
        IndexOf(mount) is int index and >= 0 ? _children[index] : None;

    /// <summary>True when the mount's parent is not in the table and it is not its own parent.</summary>
    public bool IsOrphan(MountInfo mount) => IndexOf(mount) is int index and >= 0 && _orphan[index];

    /// <summary>
    /// True when the mount cannot be seen at its mount point: something is mounted on top of it at
    /// the same mount point (findmnt's "shadowed"), or a sibling covers its path (a later mount at
    /// the same place, or one on a directory above it), or its parent's place is covered. The
    /// mount on top of an over-mounted one is not hidden.
    /// </summary>
    public bool IsHidden(MountInfo mount) => IndexOf(mount) is int index and >= 0 && _hidden[index];

    /// <summary>The peers of a mount in this table (same <c>shared:N</c>), itself excluded.</summary>
    public IEnumerable<MountInfo> PeersOf(MountInfo mount) =>
        mount.Shared is int group && PeerGroups.TryGetValue(group, out var members)
            ? members.Where(m => !ReferenceEquals(m, mount))
            : [];

    /// <summary>The slaves of the mount's peer group in this table.</summary>
    public IReadOnlyList<MountInfo> SlavesOf(MountInfo mount) =>
        mount.Shared is int group && SlavesByMaster.TryGetValue(group, out var list) ? list : [];

    /// <summary>The top-down order of the tree: each root, then its subtree depth-first in mount order.</summary>
    public IEnumerable<(MountInfo Mount, int Depth)> DepthFirst()
    {
        var stack = new Stack<(MountInfo, int)>();
        for (int i = Roots.Length - 1; i >= 0; i--)
        {
            stack.Push((Roots[i], 0));
        }

        var seen = new HashSet<MountInfo>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            (MountInfo mount, int depth) = stack.Pop();
            if (!seen.Add(mount))
            {
                continue;
            }

            yield return (mount, depth);
            ImmutableArray<MountInfo> children = ChildrenOf(mount);
            for (int i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], depth + 1));
            }
        }

        // A parent cycle (only in a corrupt file) leaves mounts unreachable from any root: still list them.
        foreach (MountInfo mount in Mounts)
        {
            if (!seen.Contains(mount))
            {
                yield return (mount, 0);
            }
        }
    }

    private int IndexOf(MountInfo mount)
    {
        if (_indexById.TryGetValue(mount.Id, out int index) && ReferenceEquals(Mounts[index], mount))
        {
            return index;
        }

        // A duplicate ID: find this very instance.
        for (int i = 0; i < Mounts.Length; i++)
        {
            if (ReferenceEquals(Mounts[i], mount))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool[] ComputeHidden(ImmutableArray<MountInfo> mounts, MountTree tree)
    {
        // reachable: the path to the mount point leads into this mount (possibly with more mounted
        // on top of it). A mount is hidden when it is not reachable, or when a child sits on its
        // own mount point. The over-mounting child itself stays reachable.
        // The scratch arrays are rented (see MountTree) and cleared: the pool hands out used ones.
        int count = mounts.Length;
        var hidden = new bool[count];
        bool[] reachable = ArrayPool<bool>.Shared.Rent(count);
        bool[] done = ArrayPool<bool>.Shared.Rent(count);
        bool[] overmounted = ArrayPool<bool>.Shared.Rent(count);
        int[] stack = ArrayPool<int>.Shared.Rent(count);
        // Only parents with several children get an index: few, even in a table of thousands.
        var siblings = new Dictionary<int, SiblingMountPoints>();
        Array.Clear(done, 0, count);
        Array.Clear(overmounted, 0, count);
        try
        {
            // A mount is pushed at most once while it is not done, so the stack never holds more than count.
            int top = 0;
            for (int i = count - 1; i >= 0; i--)
            {
                if (tree.ParentOf(i) < 0)
                {
                    stack[top++] = i;
                }
            }

            // Parents before children; a parent cycle (corrupt file only) is entered anywhere.
            for (int next = 0; ; )
            {
                if (top == 0)
                {
                    while (next < count && done[next])
                    {
                        next++;
                    }

                    if (next == count)
                    {
                        break;
                    }

                    stack[top++] = next;
                }

                int index = stack[--top];
                if (done[index])
                {
                    continue;
                }

                done[index] = true;
                int parent = tree.ParentOf(index);
                reachable[index] = parent < 0
                    || ((!done[parent] || reachable[parent]) && !IsCovered(mounts, tree, index, parent, siblings, overmounted));
                hidden[index] = !reachable[index];
                ReadOnlySpan<int> children = tree.ChildrenOf(index);
                for (int i = children.Length - 1; i >= 0; i--)
                {
                    int child = children[i];
                    hidden[index] |= mounts[child].MountPoint == mounts[index].MountPoint;
                    stack[top++] = child;
                }
            }

            return hidden;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(reachable);
            ArrayPool<bool>.Shared.Return(done);
            ArrayPool<bool>.Shared.Return(overmounted);
            ArrayPool<int>.Shared.Return(stack);
        }
    }

    /// <summary>
    /// Whether a sibling hides this mount's place: a later sibling on the same mount point, or any
    /// sibling on a directory above it (including the parent's own mount point).
    /// </summary>
    private static bool IsCovered(
        ImmutableArray<MountInfo> mounts, MountTree tree, int index, int parent, Dictionary<int, SiblingMountPoints> siblings, bool[] overmounted)
    {
        ReadOnlySpan<int> children = tree.ChildrenOf(parent);
        if (children.Length < 2)
        {
            return false;
        }

        // Built at the first child visited, which also marks every over-mounted sibling.
        if (!siblings.TryGetValue(parent, out SiblingMountPoints? mountPoints))
        {
            siblings[parent] = mountPoints = new SiblingMountPoints(mounts, children, overmounted);
        }

        return overmounted[index] || mountPoints.AnyAbove(mounts[index].MountPoint);
    }

    /// <summary>True when <paramref name="path"/> lies strictly below <paramref name="ancestor"/>.</summary>
    internal static bool IsUnder(string path, string ancestor)
    {
        if (ancestor == "/")
        {
            return path.Length > 1 && path[0] == '/';
        }

        return path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal);
    }

    private static ImmutableArray<MountInfo> Select(ImmutableArray<MountInfo> mounts, ReadOnlySpan<int> indexes)
    {
        if (indexes.IsEmpty)
        {
            return None;
        }

        var selected = new MountInfo[indexes.Length];
        for (int i = 0; i < indexes.Length; i++)
        {
            selected[i] = mounts[indexes[i]];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(selected);
    }
}
