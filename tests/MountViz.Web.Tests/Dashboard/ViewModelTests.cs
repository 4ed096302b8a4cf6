using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Web.Tests.Graph;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>The pure parts of the views: tree lines, relations across namespaces, legend counts.</summary>
public sealed class ViewModelTests
{
    [Fact]
    public void A_file_tree_is_drawn_with_tree_connectors_and_counted_like_tree()
    {
        var tree = new FileTree("/", new FileEntry("/", "directory", true,
        [
            new FileEntry("a", "directory", true, [new FileEntry("hello", "file", false, [])]),
            new FileEntry("b", "directory", false, [new FileEntry("c", "directory", false, []), new FileEntry("l", "symlink", false, [])]),
            new FileEntry("z", "file", false, []),
        ]), false);

        IReadOnlyList<FileTreeLine> lines = FileTreeLines.Of(tree);

        Assert.Equal(
            ["/", "├── a", "│   └── hello", "├── b", "│   ├── c", "│   └── l", "└── z"],
            lines.Select(l => l.Prefix + l.Name));
        Assert.Equal([true, true, false, false, false, false, false], lines.Select(l => l.IsMountPoint));
        Assert.Equal("3 directories, 3 files", FileTreeLines.Summary(tree));
    }

    [Fact]
    public void Relations_are_found_by_group_id_in_every_namespace_but_not_the_mount_itself()
    {
        MountTable first = SampleMountinfo.Table();
        MountTable second = Tables.Parse("10 10 0:30 / / rw shared:3 - tmpfs t rw", "11 10 0:31 / /x rw master:3 - tmpfs t rw", "12 10 0:32 / /y rw shared:1 - tmpfs t rw");
        MountInfo mnt = first.Find(3)!;

        MountRelations relations = MountRelations.Of("a", mnt, [("a", "A", first), ("b", "B", second)]);

        Assert.Equal([GraphIds.Mount("b", 10)], relations.Peers.Select(r => r.NodeId));
        Assert.Equal([GraphIds.Mount("a", 4), GraphIds.Mount("b", 11)], relations.Slaves.Select(r => r.NodeId));
        Assert.Equal([GraphIds.Mount("a", 1), GraphIds.Mount("b", 12)], relations.Masters.Select(r => r.NodeId));
        Assert.Empty(relations.PropagateFrom);
        Assert.Equal(("B", "/x", "master:3"), (relations.Slaves[1].NamespaceLabel, relations.Slaves[1].MountPoint, relations.Slaves[1].Tags));
        Assert.True(MountRelations.Of("a", first.Find(6)!, [("a", "A", first)]).IsEmpty);
    }

    [Fact]
    public void The_legend_counts_members_and_slaves_across_namespaces_with_the_mappers_colours()
    {
        var mapper = new GraphMapper();
        mapper.Load("a", "A", SampleMountinfo.Table());
        mapper.Load("b", "B", Tables.Parse("10 10 0:30 / / rw shared:3 - tmpfs t rw"));

        IReadOnlyList<LegendGroup> groups = LegendGroup.Of(mapper);

        Assert.Equal([1, 2, 3], groups.Select(g => g.Group));
        LegendGroup three = groups[2];
        Assert.Equal((2, 1, "2 peers · 1 slave"), (three.Members, three.Slaves, three.Counts));
        Assert.Equal(mapper.Palette.ColorOf(3), three.Color);
        Assert.Equal("1 mount · 1 slave", groups[0].Counts);
    }

    [Fact]
    public void Source_ids_become_safe_file_names()
    {
        Assert.Equal("lab.1a2b3c4d.my-ns", GraphToolbar.FileNamePart("lab.1a2b3c4d.my ns"));
        Assert.Equal("host.4026531841", GraphToolbar.FileNamePart("host.4026531841"));
    }
}
