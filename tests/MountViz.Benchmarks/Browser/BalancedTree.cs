using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// A namespace shaped like a lab populated by commands: a tree of tmpfs mounts, at most
/// <see cref="FanOut"/> children each, so every rank of the layout stays narrow. Set beside the
/// realistic table (thousands of siblings under /var/lib/kubelet) it tells what the layout's cost
/// owes to the count and what to the width.
/// </summary>
internal static class BalancedTree
{
    /// <summary>Children per mount.</summary>
    public const int FanOut = 6;

    /// <summary>A tree of <paramref name="count"/> mounts; every other subtree of the root is one peer group.</summary>
    public static MountTable Generate(int count)
    {
        var mounts = new List<MountInfo>(count);
        for (int i = 0; i < count; i++)
        {
            int id = 100 + i;
            int parentIndex = i == 0 ? 0 : (i - 1) / FanOut;
            MountInfo? parent = i == 0 ? null : mounts[parentIndex];
            string point = parent is null ? "/" : (parent.MountPoint == "/" ? "" : parent.MountPoint) + $"/d{i}";

            // The root's subtrees alternate between one shared group each and private.
            int branch = i == 0 ? 0 : TopBranch(i);
            int? group = branch % 2 == 1 ? 10 + branch : null;
            mounts.Add(new MountInfo
            {
                Id = id,
                ParentId = parent?.Id ?? 1,
                Major = 0,
                Minor = (uint)(50 + i),
                Root = "/",
                MountPoint = point,
                MountOptions = "rw,nosuid,nodev,relatime",
                OptionalFields = group is int g ? [$"shared:{g}"] : ImmutableArray<string>.Empty,
                Shared = group,
                FsType = "tmpfs",
                Source = "tmpfs",
                SuperOptions = "rw,size=1024k",
            });
        }

        return MountTable.Parse(MountInfoFormatter.Format(mounts));
    }

    // The index of the root's child whose subtree holds mount i.
    private static int TopBranch(int i)
    {
        while ((i - 1) / FanOut != 0)
        {
            i = (i - 1) / FanOut;
        }

        return i;
    }
}
