using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Feeds;

/// <summary>Fake mount tables for feed tests: a root plus tmpfs mounts with chosen IDs, and a way to replay batches.</summary>
internal static class FeedTables
{
    private const string Root = "20 1 8:4 / / rw,noatime shared:1 - ext4 /dev/sda4 rw";

    /// <summary>The root plus one tmpfs per ID, mounted on /m{ID}.</summary>
    public static MountTable With(params int[] ids) => Tables.Of([Root, .. ids.Select(Tmpfs)]);

    /// <summary>The root plus the tmpfs mounts 100..100+count-1.</summary>
    public static MountTable Range(int count) => With([.. Enumerable.Range(100, count)]);

    /// <summary>A tmpfs line with this ID.</summary>
    public static string Tmpfs(int id) => $"{id} 20 0:{id} / /m{id} rw,relatime - tmpfs t{id} rw";

    /// <summary>Applies batches to a snapshot the way a dashboard would: the resulting lines by mount ID.</summary>
    public static ImmutableSortedDictionary<int, string> Replay(MountTable snapshot, IEnumerable<ImmutableArray<MountChange>> batches)
    {
        var mounts = snapshot.Mounts.ToDictionary(m => m.Id, Text);
        foreach (ImmutableArray<MountChange> batch in batches)
        {
            foreach (MountChange change in batch)
            {
                if (change.Kind == MountChangeKind.Removed)
                {
                    Assert.True(mounts.Remove(change.Mount.Id), $"removal of {change.Mount.Id}, which the subscriber did not have");
                }
                else if (change.Kind == MountChangeKind.Added)
                {
                    Assert.True(mounts.TryAdd(change.Mount.Id, Text(change.Mount)), $"addition of {change.Mount.Id}, which the subscriber already had");
                }
                else
                {
                    Assert.True(mounts.ContainsKey(change.Mount.Id), $"{change.KindName} of {change.Mount.Id}, which the subscriber did not have");
                    mounts[change.Mount.Id] = Text(change.Mount);
                }
            }
        }

        return mounts.ToImmutableSortedDictionary();
    }

    /// <summary>A table's lines by mount ID, to compare with <see cref="Replay"/>.</summary>
    public static ImmutableSortedDictionary<int, string> Lines(MountTable table) =>
        table.Mounts.ToImmutableSortedDictionary(m => m.Id, Text);

    /// <summary>Kinds and IDs of a batch, for readable assertions: "added 101".</summary>
    public static string[] Describe(IEnumerable<MountChange> batch) =>
        [.. batch.Select(c => $"{c.KindName} {c.Mount.Id}")];

    /// <summary>A mount as its mountinfo line (without the line number the parser adds).</summary>
    public static string Text(MountInfo mount) => MountInfoFormatter.FormatDisplayLine(mount);
}
