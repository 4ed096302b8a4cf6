using System.Buffers;
using System.Collections.Immutable;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>
/// Parent and child links by index, for the duration of one <see cref="MountTable"/> build. The
/// arrays are rented and go back to the pool on <see cref="Dispose"/>: a table of 10,000 mounts or
/// more would otherwise put them on the large object heap on every build, and each such
/// allocation brings a full (gen2) collection closer.
/// </summary>
internal sealed class MountTree : IDisposable
{
    private readonly int[] _parent;

    // The children of mount i are _children[_childStart[i].._childStart[i + 1]], in file order:
    // one array for all of them instead of a list per parent.
    private readonly int[] _childStart;
    private readonly int[] _children;

    public MountTree(ImmutableArray<MountInfo> mounts, MountIdIndex indexById)
    {
        int count = mounts.Length;
        _parent = ArrayPool<int>.Shared.Rent(count);
        _childStart = ArrayPool<int>.Shared.Rent(count + 1);
        _children = ArrayPool<int>.Shared.Rent(count);
        Array.Clear(_childStart, 0, count + 1);
        for (int i = 0; i < count; i++)
        {
            MountInfo mount = mounts[i];
            int parent = mount.ParentId != mount.Id && indexById.TryGetValue(mount.ParentId, out int found) && found != i ? found : -1;
            _parent[i] = parent;
            if (parent >= 0)
            {
                _childStart[parent]++;
            }
        }

        // A counting sort: after the running sum, _childStart[p] is where p's children end; filling
        // from the last mount backwards moves it down to where they start, and keeps file order.
        for (int i = 1; i <= count; i++)
        {
            _childStart[i] += _childStart[i - 1];
        }

        for (int i = count - 1; i >= 0; i--)
        {
            if (_parent[i] is int parent and >= 0)
            {
                _children[--_childStart[parent]] = i;
            }
        }
    }

    /// <summary>The index of the mount's parent, or -1 for a root or orphan.</summary>
    public int ParentOf(int index) => _parent[index];

    /// <summary>The indexes of the mount's children, in file order.</summary>
    public ReadOnlySpan<int> ChildrenOf(int index) =>
        _children.AsSpan(_childStart[index], _childStart[index + 1] - _childStart[index]);

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_parent);
        ArrayPool<int>.Shared.Return(_childStart);
        ArrayPool<int>.Shared.Return(_children);
    }
}
