using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>
/// Peer group N → the mounts that carry N (as <c>shared:N</c> or <c>master:N</c>), in file order.
/// Kept as one sorted array of (group, position) pairs: thousands of groups of one or two members
/// each would otherwise be thousands of small lists plus a large dictionary per table.
/// </summary>
internal sealed class GroupIndex : IReadOnlyDictionary<int, IReadOnlyList<MountInfo>>
{
    private readonly ImmutableArray<MountInfo> _mounts;

    // (group << 32) | position, sorted: members of a group are adjacent and in file order.
    private readonly long[] _entries;

    public GroupIndex(ImmutableArray<MountInfo> mounts, Func<MountInfo, int?> group)
    {
        _mounts = mounts;
        int n = 0;
        foreach (MountInfo mount in mounts)
        {
            n += group(mount) is null ? 0 : 1;
        }

        _entries = new long[n];
        n = 0;
        for (int i = 0; i < mounts.Length; i++)
        {
            if (group(mounts[i]) is int g)
            {
                _entries[n++] = ((long)g << 32) | (uint)i;
            }
        }

        Array.Sort(_entries);
        for (int i = 0; i < _entries.Length; i++)
        {
            Count += i == 0 || GroupOf(_entries[i]) != GroupOf(_entries[i - 1]) ? 1 : 0;
        }
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public IEnumerable<int> Keys => this.Select(pair => pair.Key);

    /// <inheritdoc/>
    public IEnumerable<IReadOnlyList<MountInfo>> Values => this.Select(pair => pair.Value);

    /// <inheritdoc/>
    public IReadOnlyList<MountInfo> this[int key] =>
        TryGetValue(key, out IReadOnlyList<MountInfo>? members) ? members : throw new KeyNotFoundException($"No mount carries group {key}.");

    /// <inheritdoc/>
    public bool ContainsKey(int key) => First(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(int key, [MaybeNullWhen(false)] out IReadOnlyList<MountInfo> value)
    {
        int first = First(key);
        value = first < 0 ? null : Members(first, out _);
        return value is not null;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<int, IReadOnlyList<MountInfo>>> GetEnumerator()
    {
        for (int i = 0; i < _entries.Length;)
        {
            IReadOnlyList<MountInfo> members = Members(i, out int next);
            yield return new KeyValuePair<int, IReadOnlyList<MountInfo>>(GroupOf(_entries[i]), members);
            i = next;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int GroupOf(long entry) => (int)(entry >> 32);

    private MountInfo[] Members(int first, out int next)
    {
        int group = GroupOf(_entries[first]);
        next = first;
        while (next < _entries.Length && GroupOf(_entries[next]) == group)
        {
            next++;
        }

        var members = new MountInfo[next - first];
        for (int i = first; i < next; i++)
        {
            members[i - first] = _mounts[(int)(uint)_entries[i]];
        }

        return members;
    }

    // The position of the group's first entry, or -1.
    private int First(int group)
    {
        int at = Array.BinarySearch(_entries, (long)group << 32);
        at = at < 0 ? ~at : at;
        return at < _entries.Length && GroupOf(_entries[at]) == group ? at : -1;
    }
}
