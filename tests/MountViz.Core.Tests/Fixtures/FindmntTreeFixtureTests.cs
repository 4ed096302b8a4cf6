using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// util-linux's findmnt tree of a systemd-nspawn container view (<c>mountinfo-messy</c>): the same
/// nesting of targets, sources as <c>dev[/root]</c>, types and merged options as MountViz's tree.
/// </summary>
public sealed class FindmntTreeFixtureTests
{
    private const string Sample = "util-linux-mountinfo-messy.txt";

    [Theory]
    [InlineData("util-linux-mountinfo-messy.expected", true)]
    [InlineData("util-linux-mountinfo-messy.nofsroot.expected", false)]
    public void Tree_matches_findmnt_row_for_row(string expected, bool showFsRoot)
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));
        IReadOnlyList<FindmntRow> findmnt = FindmntRow.ParseTree(FixtureFiles.ReadText(expected));

        // findmnt (libmount's mnt_table_next_child_fs) lists children by ascending ID; MountViz keeps
        // mount order, so order ours the same way to compare row for row.
        var ours = new List<FindmntRow>();
        foreach (MountInfo root in table.Roots.OrderBy(m => m.Id))
        {
            Walk(table, root, 0, showFsRoot, ours);
        }

        Assert.Equal(29, findmnt.Count);
        Assert.Equal(findmnt, ours);
    }

    [Fact]
    public void The_root_whose_parent_is_outside_the_container_is_the_only_root_and_an_orphan()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));

        MountInfo root = Assert.Single(table.Roots);
        Assert.Equal(220, root.Id);
        Assert.Equal(189, root.ParentId);
        Assert.True(table.IsOrphan(root));
        Assert.Null(table.ParentOf(root));
        Assert.All(table.Mounts.Where(m => m.Id != 220), m => Assert.False(table.IsOrphan(m)));
    }

    [Fact]
    public void Children_keep_mount_order_even_where_ids_are_out_of_order()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));

        // 97 and 108 come after 225 in the file although their IDs are smaller.
        Assert.Equal([223, 224, 225, 97, 108], table.ChildrenOf(table.Get(222)).Ids());
        Assert.Equal([221, 222, 226, 228, 231], table.ChildrenOf(table.Get(220)).Ids());
        Assert.Equal([232, 233, 106, 107], table.ChildrenOf(table.Get(231)).Ids());
        Assert.Equal([105], table.ChildrenOf(table.Get(232)).Ids());
    }

    [Fact]
    public void Depth_first_walk_gives_every_mount_the_depth_findmnt_draws()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));
        IReadOnlyList<FindmntRow> findmnt = FindmntRow.ParseTree(FixtureFiles.ReadText("util-linux-mountinfo-messy.expected"));
        var expected = findmnt.Select(r => (r.Depth, r.Target, r.Source)).Order().ToList();

        var walked = table.DepthFirst().ToList();
        var ours = walked.Select(x => (x.Depth, x.Mount.MountPoint, SourceColumn(x.Mount, true))).Order().ToList();

        Assert.Equal(expected, ours);
        var position = new Dictionary<MountInfo, int>(ReferenceEqualityComparer.Instance);
        foreach ((MountInfo mount, int _) in walked)
        {
            position.Add(mount, position.Count);
        }

        Assert.All(walked, x =>
        {
            MountInfo? parent = table.ParentOf(x.Mount);
            Assert.True(parent is null || position[parent] < position[x.Mount], $"{x.Mount.Id} is listed before its parent");
        });
    }

    [Fact]
    public void Shared_and_master_together_read_as_shared_plus_slave()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));
        MountInfo console = table.Get(225);

        Assert.Equal<string>(["shared:57", "master:4"], console.OptionalFields);
        Assert.Equal(Propagation.SharedAndSlave, console.Propagation);
        Assert.Equal("shared+slave", console.Propagation.ToWords());
        Assert.Equal("shared:57,master:4", console.PropagationTags);
        Assert.Equal("/proc-sys-kernel-random-boot-id//deleted", table.Get(105).Root);

        // 231, 232 and 233 are one proc superblock bound three times: one peer group.
        Assert.Equal([231, 232, 233], table.PeerGroups[58].Ids());
    }

    private static void Walk(MountTable table, MountInfo mount, int depth, bool showFsRoot, List<FindmntRow> rows)
    {
        rows.Add(new FindmntRow(depth, mount.MountPoint, SourceColumn(mount, showFsRoot), mount.FsType, LibmountOptions.Merge(mount.MountOptions, mount.SuperOptions)));
        foreach (MountInfo child in table.ChildrenOf(mount).OrderBy(m => m.Id))
        {
            Walk(table, child, depth + 1, showFsRoot, rows);
        }
    }

    // findmnt shows a bind mount's filesystem root after the device: /dev/sda3[/arch].
    private static string SourceColumn(MountInfo mount, bool showFsRoot) =>
        showFsRoot && mount.Root != "/" ? $"{mount.Source}[{mount.Root}]" : mount.Source;
}
