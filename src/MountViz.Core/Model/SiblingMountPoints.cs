using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>
/// The mount points of one parent's children, to tell which of them a sibling covers. Built once
/// per parent with at least two children, during one <see cref="MountTable"/> build.
/// </summary>
/// <remarks>
/// A hash of the mount points is fastest, but for thousands of siblings (a busy container host
/// has them under <c>/var/lib/kubelet</c>) its entries would land on the large object heap at every
/// build and bring full collections with them; past <see cref="HashLimit"/> siblings the mount
/// points are kept in a sorted array and found by binary search instead.
/// </remarks>
internal sealed class SiblingMountPoints
{
    /// <summary>The most siblings hashed: 3,000 dictionary entries stay under 85,000 bytes.</summary>
    internal const int HashLimit = 3_000;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _hashed;
    private readonly string[]? _sorted;

    // No sibling's mount point is shorter: a prefix of a path shorter than this cannot be one.
    private readonly int _shortest = int.MaxValue;

    /// <summary>Indexes the children's mount points.</summary>
    /// <param name="mounts">The table's mounts.</param>
    /// <param name="children">The indexes of one parent's children, in file order.</param>
    /// <param name="overmounted">Set to true, per child index, when a later sibling sits on the same mount point.</param>
    public SiblingMountPoints(ImmutableArray<MountInfo> mounts, ReadOnlySpan<int> children, Span<bool> overmounted)
    {
        foreach (int child in children)
        {
            _shortest = Math.Min(_shortest, mounts[child].MountPoint.Length);
        }

        if (children.Length <= HashLimit)
        {
            // Mount point → the last child seen there.
            var lastAt = new Dictionary<string, int>(children.Length, StringComparer.Ordinal);
            foreach (int child in children)
            {
                ref int last = ref CollectionsMarshal.GetValueRefOrAddDefault(lastAt, mounts[child].MountPoint, out bool seen);
                if (seen)
                {
                    overmounted[last] = true;
                }

                last = child;
            }

            _hashed = lastAt.GetAlternateLookup<ReadOnlySpan<char>>();
            return;
        }

        _sorted = new string[children.Length];
        int[] order = children.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            _sorted[i] = mounts[order[i]].MountPoint;
        }

        Array.Sort(_sorted, order, StringComparer.Ordinal);
        for (int start = 0, end; start < order.Length; start = end)
        {
            // A run of equal mount points: every sibling there but the last mounted is covered.
            int last = order[start];
            for (end = start + 1; end < order.Length && _sorted[end] == _sorted[start]; end++)
            {
                last = Math.Max(last, order[end]);
            }

            for (int i = start; i < end; i++)
            {
                overmounted[order[i]] = order[i] != last;
            }
        }
    }

    /// <summary>Whether a sibling is mounted on a directory strictly above <paramref name="path"/> (<c>/</c> included).</summary>
    public bool AnyAbove(string path)
    {
        ReadOnlySpan<char> rest = path;
        if (rest.Length > 1 && rest[0] == '/' && _shortest <= 1 && Contains("/"))
        {
            return true;
        }

        for (int slash = rest.LastIndexOf('/'); slash > 0 && slash >= _shortest; slash = rest[..slash].LastIndexOf('/'))
        {
            if (Contains(rest[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private bool Contains(ReadOnlySpan<char> mountPoint)
    {
        if (_sorted is null)
        {
            return _hashed.ContainsKey(mountPoint);
        }

        int low = 0, high = _sorted.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = _sorted[middle].AsSpan().SequenceCompareTo(mountPoint);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }
}
