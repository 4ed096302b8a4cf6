using CsCheck;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Model;

/// <summary>Snapshot diffs by mount ID, including IDs the kernel reused for a different mount.</summary>
public sealed class MountDiffTests
{
    private const string Root = "20 1 8:4 / / rw,noatime shared:1 - ext4 /dev/sda4 rw";
    private const string Tmp = "30 20 0:40 / /tmp rw,relatime shared:2 - tmpfs tmpfs rw,size=1k";
    private const string Data = "31 20 8:17 /srv /data rw,relatime - ext4 /dev/sdb1 rw";

    [Fact]
    public void Identical_snapshots_have_no_changes()
    {
        Assert.Empty(MountDiff.Compare(Tables.Of(Root, Tmp, Data), Tables.Of(Root, Tmp, Data)));
    }

    [Fact]
    public void Moving_lines_around_without_changing_them_is_no_change()
    {
        Assert.Empty(MountDiff.Compare(Tables.Of(Root, Tmp, Data), Tables.Of(Data, Root, Tmp)));
    }

    [Fact]
    public void A_new_id_is_added()
    {
        var changes = MountDiff.Compare(Tables.Of(Root, Tmp), Tables.Of(Root, Tmp, Data));

        MountChange change = Assert.Single(changes);
        Assert.Equal(MountChangeKind.Added, change.Kind);
        Assert.Equal("added", change.KindName);
        Assert.Equal(31, change.Mount.Id);
        Assert.Null(change.Before);
    }

    [Fact]
    public void A_missing_id_is_removed()
    {
        var changes = MountDiff.Compare(Tables.Of(Root, Tmp, Data), Tables.Of(Root, Data));

        MountChange change = Assert.Single(changes);
        Assert.Equal(MountChangeKind.Removed, change.Kind);
        Assert.Equal("removed", change.KindName);
        Assert.Equal(30, change.Mount.Id);
        Assert.Same(change.Mount, change.Before);
    }

    [Fact]
    public void Same_mount_on_a_new_mount_point_is_moved()
    {
        var changes = MountDiff.Compare(
            Tables.Of(Root, Data),
            Tables.Of(Root, "31 20 8:17 /srv /srv/data rw,relatime - ext4 /dev/sdb1 rw"));

        MountChange change = Assert.Single(changes);
        Assert.Equal(MountChangeKind.Moved, change.Kind);
        Assert.Equal("moved", change.KindName);
        Assert.Equal("/data", change.Before!.MountPoint);
        Assert.Equal("/srv/data", change.Mount.MountPoint);
    }

    [Fact]
    public void Same_mount_under_a_new_parent_is_moved()
    {
        // A tuck re-parents a mount without changing its path.
        var changes = MountDiff.Compare(
            Tables.Of(Root, Tmp, "40 30 0:41 / /tmp/d rw - tmpfs x rw"),
            Tables.Of(Root, Tmp, "41 30 0:42 / /tmp/d rw - tmpfs y rw", "40 41 0:41 / /tmp/d rw - tmpfs x rw"));

        Assert.Equal(
            [(MountChangeKind.Added, 41), (MountChangeKind.Moved, 40)],
            changes.Select(c => (c.Kind, c.Mount.Id)));
        Assert.Equal(30, changes[1].Before!.ParentId);
        Assert.Equal(41, changes[1].Mount.ParentId);
    }

    [Theory]
    [InlineData("shared:2", "")]
    [InlineData("shared:2", "shared:3")]
    [InlineData("shared:2", "shared:2 master:1")]
    [InlineData("", "unbindable")]
    [InlineData("master:1", "master:1 propagate_from:4")]
    [InlineData("shared:2 master:1", "master:1 shared:2")]
    public void New_propagation_tags_are_a_propagation_change(string before, string after)
    {
        var changes = MountDiff.Compare(Tables.Of(Root, TmpWith(before)), Tables.Of(Root, TmpWith(after)));

        MountChange change = Assert.Single(changes);
        Assert.Equal(MountChangeKind.PropagationChanged, change.Kind);
        Assert.Equal("propagationChanged", change.KindName);
        Assert.Equal(before, string.Join(' ', change.Before!.OptionalFields));
        Assert.Equal(after, string.Join(' ', change.Mount.OptionalFields));
    }

    [Theory]
    [InlineData("30 20 0:40 / /tmp ro,relatime shared:2 - tmpfs tmpfs rw,size=1k")]
    [InlineData("30 20 0:40 / /tmp rw,relatime shared:2 - tmpfs tmpfs rw,size=2k")]
    [InlineData("30 20 0:40 / /tmp ro,nosuid shared:2 - tmpfs tmpfs ro,size=1k")]
    public void A_remount_is_an_options_change(string remounted)
    {
        var changes = MountDiff.Compare(Tables.Of(Root, Tmp), Tables.Of(Root, remounted));

        MountChange change = Assert.Single(changes);
        Assert.Equal(MountChangeKind.OptionsChanged, change.Kind);
        Assert.Equal("optionsChanged", change.KindName);
        Assert.Equal(30, change.Mount.Id);
        Assert.Equal(Tables.Line(Tmp), change.Before);
    }

    [Fact]
    public void A_mount_moved_remounted_and_made_private_reports_all_three()
    {
        var changes = MountDiff.Compare(
            Tables.Of(Root, Tmp),
            Tables.Of(Root, "30 20 0:40 / /scratch ro,relatime - tmpfs tmpfs rw,size=1k"));

        Assert.Equal(
            [MountChangeKind.Moved, MountChangeKind.PropagationChanged, MountChangeKind.OptionsChanged],
            changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal(Tables.Line(Tmp), c.Before));
    }

    [Fact]
    public void Removals_come_first_in_old_order_then_the_rest_in_new_order()
    {
        var changes = MountDiff.Compare(
            Tables.Of(Root, Tmp, Data, "50 20 0:50 / /x rw - tmpfs x rw"),
            Tables.Of(Root, "60 20 0:60 / /y rw - tmpfs y rw", "31 20 8:17 /srv /data ro,relatime - ext4 /dev/sdb1 rw", "61 20 0:61 / /z rw - tmpfs z rw"));

        Assert.Equal(
            [(MountChangeKind.Removed, 30), (MountChangeKind.Removed, 50), (MountChangeKind.Added, 60), (MountChangeKind.OptionsChanged, 31), (MountChangeKind.Added, 61)],
            changes.Select(c => (c.Kind, c.Mount.Id)));
    }

    /// <summary>
    /// The kernel hands a freed mount ID to the next mount at once. When the device, root, type or
    /// source differ it is another mount: removed plus added, never "moved", whatever its mount point.
    /// </summary>
    [Theory]
    [InlineData("31 20 8:18 /srv /data rw,relatime - ext4 /dev/sdb1 rw")] // other device
    [InlineData("31 20 9:17 /srv /data rw,relatime - ext4 /dev/sdb1 rw")] // other major
    [InlineData("31 20 8:17 /other /data rw,relatime - ext4 /dev/sdb1 rw")] // other root
    [InlineData("31 20 8:17 /srv /data rw,relatime - xfs /dev/sdb1 rw")] // other type
    [InlineData("31 20 8:17 /srv /data rw,relatime - ext4 /dev/sdc1 rw")] // other source
    [InlineData("31 20 0:77 / /elsewhere rw - tmpfs tmpfs rw")] // everything new, new place too
    [InlineData("31 30 0:77 / /tmp/data rw,relatime shared:9 - tmpfs tmpfs ro")] // new parent too
    public void A_reused_id_is_a_removal_and_an_addition_never_a_move(string reused)
    {
        var changes = MountDiff.Compare(Tables.Of(Root, Tmp, Data), Tables.Of(Root, Tmp, reused));

        Assert.Equal([MountChangeKind.Removed, MountChangeKind.Added], changes.Select(c => c.Kind));
        Assert.Equal(Tables.Line(Data), changes[0].Mount);
        Assert.Equal(Tables.Line(reused), changes[1].Mount);
        Assert.Null(changes[1].Before);
        Assert.False(MountDiff.SameMount(Tables.Line(Data), Tables.Line(reused)));
    }

    [Fact]
    public void Diffs_of_generated_snapshots_account_for_every_id()
    {
        // Small ID range, so the two snapshots share, drop, add and reuse IDs.
        Gen<MountInfo[]> snapshot = Gen.Select(MountInfoGenerators.Mount, Gen.Int[1, 12], Gen.Bool)
            .Select((m, id, sameDevice) => m with { Id = id, Major = sameDevice ? 8u : m.Major, Minor = sameDevice ? 1u : m.Minor })
            .Array[0, 8]
            .Select(mounts => mounts.DistinctBy(m => m.Id).ToArray());

        Gen.Select(snapshot, snapshot).Sample((before, after) =>
        {
            MountTable old = MountTable.Build([.. before]);
            MountTable now = MountTable.Build([.. after]);

            var changes = MountDiff.Compare(old, now);

            Assert.Empty(MountDiff.Compare(now, now));
            foreach (MountInfo mount in before)
            {
                bool kept = now.Find(mount.Id) is { } same && MountDiff.SameMount(mount, same);
                Assert.Equal(!kept, changes.Any(c => c.Kind == MountChangeKind.Removed && ReferenceEquals(c.Mount, mount)));
            }

            foreach (MountInfo mount in after)
            {
                MountInfo? previous = old.Find(mount.Id);
                bool kept = previous is not null && MountDiff.SameMount(previous, mount);
                Assert.Equal(!kept, changes.Any(c => c.Kind == MountChangeKind.Added && ReferenceEquals(c.Mount, mount)));
                Assert.Equal(
                    kept && (previous!.MountPoint != mount.MountPoint || previous.ParentId != mount.ParentId),
                    changes.Any(c => c.Kind == MountChangeKind.Moved && ReferenceEquals(c.Mount, mount)));
                Assert.Equal(
                    kept && (previous!.MountOptions != mount.MountOptions || previous.SuperOptions != mount.SuperOptions),
                    changes.Any(c => c.Kind == MountChangeKind.OptionsChanged && ReferenceEquals(c.Mount, mount)));
                Assert.Equal(
                    kept && !previous!.OptionalFields.SequenceEqual(mount.OptionalFields),
                    changes.Any(c => c.Kind == MountChangeKind.PropagationChanged && ReferenceEquals(c.Mount, mount)));
            }

            Assert.All(changes.Where(c => c.Kind != MountChangeKind.Added), c => Assert.NotNull(c.Before));
        }, iter: 2000);
    }

    private static string TmpWith(string tags) =>
        $"30 20 0:40 / /tmp rw,relatime{(tags.Length == 0 ? string.Empty : " " + tags)} - tmpfs tmpfs rw,size=1k";
}
