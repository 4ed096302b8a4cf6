namespace MountViz.Core.Model;

/// <summary>
/// Mount ID → position in the table. The kernel hands out the lowest free IDs, so IDs are dense
/// and a plain array indexed by ID serves (small enough to stay off the large object heap for
/// tables of thousands of mounts); a sparse set of IDs (hand-made files) falls back to a dictionary.
/// </summary>
internal sealed class MountIdIndex
{
    // Position + 1, so that the default 0 means "absent" and the array needs no fill.
    private readonly int[]? _dense;
    private readonly Dictionary<int, int>? _sparse;

    public MountIdIndex(int count, int minId, int maxId)
    {
        if (count > 0 && minId >= 0 && maxId < (4 * count) + 64)
        {
            _dense = new int[maxId + 1];
        }
        else
        {
            _sparse = new Dictionary<int, int>(count);
        }
    }

    /// <summary>Records the first position of an ID; false when the ID was already there.</summary>
    public bool TryAdd(int id, int index)
    {
        if (_dense is not null)
        {
            ref int slot = ref _dense[id];
            if (slot != 0)
            {
                return false;
            }

            slot = index + 1;
            return true;
        }

        return _sparse!.TryAdd(id, index);
    }

    /// <summary>The first position of an ID.</summary>
    public bool TryGetValue(int id, out int index)
    {
        if (_dense is not null)
        {
            index = (uint)id < (uint)_dense.Length ? _dense[id] - 1 : -1;
            return index >= 0;
        }

        return _sparse!.TryGetValue(id, out index);
    }
}
