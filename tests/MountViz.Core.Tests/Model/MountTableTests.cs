using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Model;

/// <summary>Tree, roots and orphans, peer groups, master links and duplicate IDs.</summary>
public sealed class MountTableTests
{
    [Fact]
    public void Parent_and_children_follow_mount_order_not_id_order()
    {
        MountTable table = Tables.Of(
            "20 1 8:4 / / rw - ext4 /dev/sda4 rw",
            "31 20 0:30 / /b rw - tmpfs b rw",
            "25 20 0:31 / /a rw - tmpfs a rw",
            "40 31 0:32 / /b/x rw - tmpfs x rw",
            "22 20 0:33 / /c rw - tmpfs c rw");

        Assert.Equal([31, 25, 22], table.ChildrenOf(table.Get(20)).Ids());
        Assert.Equal([40], table.ChildrenOf(table.Get(31)).Ids());
        Assert.Empty(table.ChildrenOf(table.Get(40)));
        Assert.Same(table.Get(31), table.ParentOf(table.Get(40)));
        Assert.Same(table.Get(20), table.ParentOf(table.Get(22)));
        Assert.Equal([20, 31, 25, 40, 22], table.Mounts.Ids());
        Assert.Equal(
            [(20, 0), (31, 1), (40, 2), (25, 1), (22, 1)],
            table.DepthFirst().Select(x => (x.Mount.Id, x.Depth)));
    }

    [Fact]
    public void A_child_listed_before_its_parent_is_still_its_child()
    {
        // The kernel lists a tucked mount before the copy it was re-parented onto.
        MountTable table = Tables.Of(
            "62 1 8:1 / / rw - ext4 /dev/sda rw",
            "78 81 0:46 / /e6s/d rw,relatime - tmpfs X6 rw",
            "76 62 0:44 / /e6s rw,relatime master:4 - tmpfs e6 rw",
            "81 76 0:47 / /e6s/d rw,relatime master:5 - tmpfs Y6 rw");

        Assert.Equal([78], table.ChildrenOf(table.Get(81)).Ids());
        Assert.Equal([(62, 0), (76, 1), (81, 2), (78, 3)], table.DepthFirst().Select(x => (x.Mount.Id, x.Depth)));
        Assert.Equal([62], table.Roots.Ids());
    }

    [Fact]
    public void Roots_include_orphans_whose_parent_is_outside_the_view()
    {
        MountTable table = Tables.Of(
            "945 859 0:229 / / rw - overlay overlay rw",
            "794 793 0:198 / /proc rw - proc proc rw",
            "795 793 0:199 / /dev rw - tmpfs tmpfs rw",
            "796 795 0:200 / /dev/pts rw - devpts devpts rw",
            "1 1 0:1 / /self rw - rootfs rootfs rw");

        Assert.Equal([945, 794, 795, 1], table.Roots.Ids());
        Assert.True(table.IsOrphan(table.Get(945)));
        Assert.True(table.IsOrphan(table.Get(794)));
        Assert.False(table.IsOrphan(table.Get(796)));
        Assert.False(table.IsOrphan(table.Get(1))); // its own parent: a real root, not an orphan
        Assert.Null(table.ParentOf(table.Get(945)));
        Assert.Null(table.ParentOf(table.Get(1)));
        Assert.Equal([796], table.ChildrenOf(table.Get(795)).Ids());
    }

    [Fact]
    public void Peer_groups_and_master_links_are_indexed_in_file_order()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw shared:1 - ext4 /dev/sda rw",
            "2 1 0:2 / /a rw shared:3 - tmpfs a rw",
            "3 1 0:2 / /a-peer rw shared:3 - tmpfs a rw",
            "4 1 0:2 / /a-slave rw master:3 - tmpfs a rw",
            "5 1 0:2 / /a-both rw shared:7 master:3 - tmpfs a rw",
            "6 1 0:2 / /b-slave rw master:7 propagate_from:3 - tmpfs a rw",
            "7 1 0:3 / /private rw - tmpfs p rw",
            "8 1 0:4 / /unbindable rw unbindable - tmpfs u rw");

        Assert.Equal([1, 3, 7], table.PeerGroups.Keys.Order());
        Assert.Equal([2, 3], table.PeerGroups[3].Ids());
        Assert.Equal([5], table.PeerGroups[7].Ids());
        Assert.Equal([3, 7], table.SlavesByMaster.Keys.Order());
        Assert.Equal([4, 5], table.SlavesByMaster[3].Ids());
        Assert.Equal([6], table.SlavesByMaster[7].Ids());
        Assert.Equal([3], table.PeersOf(table.Get(2)).Ids());
        Assert.Empty(table.PeersOf(table.Get(5)));
        Assert.Empty(table.PeersOf(table.Get(7)));
        Assert.Equal([4, 5], table.SlavesOf(table.Get(3)).Ids());
        Assert.Equal([6], table.SlavesOf(table.Get(5)).Ids());
        Assert.Empty(table.SlavesOf(table.Get(4)));
        Assert.Equal(3, table.Get(6).PropagateFrom);

        Assert.Equal(
            ["shared", "shared", "shared", "slave", "shared+slave", "slave", "private", "unbindable"],
            table.Mounts.Select(m => m.Propagation.ToWords()));
        Assert.Equal(
            ["shared:1", "shared:3", "shared:3", "master:3", "shared:7,master:3", "master:7,propagate_from:3", "private", "unbindable"],
            table.Mounts.Select(m => m.PropagationTags));
    }

    [Fact]
    public void Duplicate_ids_are_reported_once_each_and_every_instance_stays_in_the_walk()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "5 1 0:2 / /a rw - tmpfs a rw",
            "5 1 0:3 / /b rw - tmpfs b rw",
            "6 1 0:4 / /c rw - tmpfs c rw",
            "5 1 0:5 / /d rw - tmpfs d rw",
            "6 1 0:6 / /e rw - tmpfs e rw");

        Assert.Equal<int>([5, 6], table.DuplicateIds);
        Assert.Equal("/a", table.Get(5).MountPoint);
        Assert.Equal(table.Mounts.Length, table.DepthFirst().Count());
        Assert.Equal([5, 5, 6, 5, 6], table.ChildrenOf(table.Get(1)).Ids());
        Assert.All(table.Mounts.Skip(1), m => Assert.Same(table.Get(1), table.ParentOf(m)));
        Assert.All(table.Mounts, m => Assert.False(table.IsHidden(m)));
    }

    [Fact]
    public void No_duplicates_gives_an_empty_list()
    {
        Assert.Empty(Tables.Of("1 0 8:1 / / rw - ext4 /dev/sda rw").DuplicateIds);
    }

    [Fact]
    public void Mounts_not_from_this_table_have_no_place_in_it()
    {
        MountTable table = Tables.Of("1 0 8:1 / / rw - ext4 /dev/sda rw", "2 1 0:2 / /a rw - tmpfs a rw");
        MountInfo stranger = table.Get(2) with { };

        Assert.Empty(table.ChildrenOf(stranger));
        Assert.False(table.IsOrphan(stranger));
        Assert.False(table.IsHidden(stranger));
        Assert.Null(table.Find(3));
    }

    [Fact]
    public void A_parent_cycle_in_a_corrupt_file_does_not_hang_and_lists_everything()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "2 3 0:2 / /a rw - tmpfs a rw",
            "3 2 0:3 / /a/b rw - tmpfs b rw");

        Assert.Equal([1], table.Roots.Ids());
        Assert.Equal([1, 2, 3], table.DepthFirst().Select(x => x.Mount.Id).Order());
    }

    [Fact]
    public void Diagnostics_are_carried_by_the_table()
    {
        MountTable table = MountTable.Parse(Bytes.Lines("1 0 8:1 / / rw - ext4 /dev/sda rw", "broken"));

        Assert.Single(table.Mounts);
        Assert.Equal(2, Assert.Single(table.Diagnostics).Line);
        Assert.Empty(MountTable.Build(table.Mounts).Diagnostics);
    }
}
