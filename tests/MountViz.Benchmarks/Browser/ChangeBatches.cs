using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// Makes the next table of a generated namespace with a batch of changes: leaf mounts removed,
/// new mounts added under random existing mounts, and peer-group changes (the three things a
/// burst on a busy node does), in proportion 2:2:1. Seeded, so every run sends the same batches.
/// </summary>
internal sealed class ChangeBatches(int seed)
{
    private readonly Random _random = new(seed);
    private int _serial;

    /// <summary>The table after <paramref name="size"/> changes to <paramref name="table"/>.</summary>
    public MountTable Next(MountTable table, int size)
    {
        int removals = size * 2 / 5;
        int additions = size * 2 / 5;
        int propagation = size - removals - additions;
        var mounts = table.Mounts.ToList();
        int nextId = mounts.Max(m => m.Id) + 1;
        int nextGroup = mounts.Select(m => m.Shared ?? 0).Max() + 1;

        // Leaves only, so no mount is orphaned by the removal of its parent.
        var leaves = mounts.Where(m => table.ChildrenOf(m).IsEmpty && table.ParentOf(m) is not null).ToList();
        var removed = new HashSet<int>(Pick(leaves, removals).Select(m => m.Id));
        mounts.RemoveAll(m => removed.Contains(m.Id));

        int firstNew = nextId;
        var parents = Pick(mounts, additions);
        foreach (MountInfo parent in parents)
        {
            string point = (parent.MountPoint == "/" ? "" : parent.MountPoint) + $"/bench-{++_serial}";
            mounts.Add(new MountInfo
            {
                Id = nextId++,
                ParentId = parent.Id,
                Major = 0,
                Minor = (uint)(1000 + _serial),
                Root = "/",
                MountPoint = point,
                MountOptions = "rw,nosuid,nodev,relatime",
                FsType = "tmpfs",
                Source = "tmpfs",
                SuperOptions = "rw,size=1024k",
                OptionalFields = [$"shared:{nextGroup++}"],
                Shared = nextGroup - 1,
            });
        }

        foreach (MountInfo mount in Pick([.. mounts.Where(m => m.Id < firstNew)], propagation))
        {
            int index = mounts.IndexOf(mount);
            int group = nextGroup++;
            mounts[index] = mount with { OptionalFields = [$"shared:{group}"], Shared = group, Master = null, PropagateFrom = null, Unbindable = false };
        }

        // Through the text form, as a source would read it: the table is built exactly as from /proc.
        return MountTable.Parse(MountInfoFormatter.Format(mounts));
    }

    private List<MountInfo> Pick(List<MountInfo> from, int count)
    {
        var picked = new List<MountInfo>(count);
        var taken = new HashSet<int>();
        while (picked.Count < count && taken.Count < from.Count)
        {
            int index = _random.Next(from.Count);
            if (taken.Add(index))
            {
                picked.Add(from[index]);
            }
        }

        return picked;
    }
}
