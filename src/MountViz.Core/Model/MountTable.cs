using System.Collections.Frozen;
using System.Collections.Immutable;
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

    private readonly Dictionary<int, int> _indexById;
    private readonly int[] _parent;
    private readonly List<int>?[] _childIndexes;
    private readonly ImmutableArray<MountInfo>[] _children;
    private readonly bool[] _hidden;
    private readonly bool[] _orphan;

    private MountTable(ImmutableArray<MountInfo> mounts, ImmutableArray<MountInfoDiagnostic> diagnostics)
    {
        Mounts = mounts;
        Diagnostics = diagnostics;
        _indexById = new Dictionary<int, int>(mounts.Length);
        var duplicates = new List<int>();
        for (int i = 0; i < mounts.Length; i++)
        {
            if (!_indexById.TryAdd(mounts[i].Id, i) && !duplicates.Contains(mounts[i].Id))
            {
                duplicates.Add(mounts[i].Id);
            }
        }

        DuplicateIds = [.. duplicates];

        _childIndexes = new List<int>?[mounts.Length];
        _parent = new int[mounts.Length];
        var roots = ImmutableArray.CreateBuilder<MountInfo>();
        _orphan = new bool[mounts.Length];
        var groups = new Dictionary<int, List<MountInfo>>();
        var slaves = new Dictionary<int, List<MountInfo>>();
        for (int i = 0; i < mounts.Length; i++)
        {
            MountInfo mount = mounts[i];
            if (mount.ParentId != mount.Id && _indexById.TryGetValue(mount.ParentId, out int parent) && parent != i)
            {
                _parent[i] = parent;
                (_childIndexes[parent] ??= []).Add(i);
            }
            else
            {
                _parent[i] = -1;
                // The real root names itself or a parent outside this process's root (after
                // chroot/pivot_root); a container's view may have several such orphans.
                roots.Add(mount);
                _orphan[i] = mount.ParentId != mount.Id;
            }

            if (mount.Shared is int group)
            {
                Add(groups, group, mount);
            }

            if (mount.Master is int master)
            {
                Add(slaves, master, mount);
            }
        }

        _children = new ImmutableArray<MountInfo>[mounts.Length];
        for (int i = 0; i < mounts.Length; i++)
        {
            _children[i] = _childIndexes[i] is { } list ? [.. list.Select(child => mounts[child])] : None;
        }

        Roots = roots.ToImmutable();
        PeerGroups = groups.ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<MountInfo>)[.. g.Value]);
        SlavesByMaster = slaves.ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<MountInfo>)[.. g.Value]);
        _hidden = ComputeHidden();
    }

    /// <summary>Every mount in file order.</summary>
    public ImmutableArray<MountInfo> Mounts { get; }

    /// <summary>Lines that did not parse.</summary>
    public ImmutableArray<MountInfoDiagnostic> Diagnostics { get; }

    /// <summary>Mounts without a parent in this table: the root, and orphans.</summary>
    public ImmutableArray<MountInfo> Roots { get; }

    /// <summary>Mount IDs that appear more than once (lookups find the first).</summary>
    public ImmutableArray<int> DuplicateIds { get; }

    /// <summary>Peer group N → its members (mounts showing <c>shared:N</c>), in file order.</summary>
    public FrozenDictionary<int, IReadOnlyList<MountInfo>> PeerGroups { get; }

    /// <summary>Peer group N → the mounts that are its slaves (<c>master:N</c>), in file order.</summary>
    public FrozenDictionary<int, IReadOnlyList<MountInfo>> SlavesByMaster { get; }

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

    private bool[] ComputeHidden()
    {
        // reachable: the path to the mount point leads into this mount (possibly with more mounted
        // on top of it). A mount is hidden when it is not reachable, or when a child sits on its
        // own mount point. The over-mounting child itself stays reachable.
        int count = Mounts.Length;
        var reachable = new bool[count];
        var done = new bool[count];
        var hidden = new bool[count];
        var siblings = new Dictionary<string, int>?[count];
        var stack = new Stack<int>();
        for (int i = 0; i < count; i++)
        {
            if (_parent[i] < 0)
            {
                stack.Push(i);
            }
        }

        // Parents before children; a parent cycle (corrupt file only) is entered anywhere.
        for (int next = 0; ; )
        {
            if (stack.Count == 0)
            {
                while (next < count && done[next])
                {
                    next++;
                }

                if (next == count)
                {
                    break;
                }

                stack.Push(next);
            }

            int index = stack.Pop();
            if (done[index])
            {
                continue;
            }

            done[index] = true;
            int parent = _parent[index];
            reachable[index] = parent < 0
                || ((!done[parent] || reachable[parent]) && !IsCovered(index, parent, siblings));
            hidden[index] = !reachable[index];
            if (_childIndexes[index] is { } children)
            {
                foreach (int child in children)
                {
                    hidden[index] |= Mounts[child].MountPoint == Mounts[index].MountPoint;
                    stack.Push(child);
                }
            }
        }

        return hidden;
    }

    /// <summary>
    /// Whether a sibling hides this mount's place: a later sibling on the same mount point, or any
    /// sibling on a directory above it (including the parent's own mount point).
    /// </summary>
    private bool IsCovered(int index, int parent, Dictionary<string, int>?[] siblings)
    {
        List<int> children = _childIndexes[parent]!;
        if (children.Count < 2)
        {
            return false;
        }

        // Mount point → the last sibling (file order) mounted there; built once per parent.
        Dictionary<string, int> byMountPoint = siblings[parent] ??= BuildSiblingIndex(children);
        string mountPoint = Mounts[index].MountPoint;
        if (byMountPoint[mountPoint] > index)
        {
            return true;
        }

        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = byMountPoint.GetAlternateLookup<ReadOnlySpan<char>>();
        ReadOnlySpan<char> path = mountPoint;
        if (path.Length > 1 && path[0] == '/' && lookup.ContainsKey("/"))
        {
            return true;
        }

        for (int slash = path.LastIndexOf('/'); slash > 0; slash = path[..slash].LastIndexOf('/'))
        {
            if (lookup.ContainsKey(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, int> BuildSiblingIndex(List<int> children)
    {
        var byMountPoint = new Dictionary<string, int>(children.Count, StringComparer.Ordinal);
        foreach (int child in children)
        {
            byMountPoint[Mounts[child].MountPoint] = child;
        }

        return byMountPoint;
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

    private static void Add(Dictionary<int, List<MountInfo>> map, int key, MountInfo mount)
    {
        if (!map.TryGetValue(key, out List<MountInfo>? list))
        {
            map[key] = list = [];
        }

        list.Add(mount);
    }
}
