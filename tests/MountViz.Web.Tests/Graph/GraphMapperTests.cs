using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Web.Graph;

namespace MountViz.Web.Tests.Graph;

public sealed class GraphMapperTests
{
    private const string Lab = "lab.1a2b3c4d.a";
    private const string Clone = "lab.1a2b3c4d.b";

    [Fact]
    public void Load_maps_every_mount_with_namespace_scoped_ids_and_parent_links()
    {
        var mapper = new GraphMapper();
        MountTable table = Tables.Parse(Tables.Bound);

        GraphBatchDto batch = mapper.Load(Lab, "a", table);

        GraphNamespaceDto ns = Assert.Single(batch.Namespaces);
        Assert.Equal("ns:lab.1a2b3c4d.a", ns.Id);
        Assert.Equal("a", ns.Label);
        Assert.Equal(["ns:lab.1a2b3c4d.a:100", "ns:lab.1a2b3c4d.a:101", "ns:lab.1a2b3c4d.a:102", "ns:lab.1a2b3c4d.a:103"], ns.Mounts!.Select(m => m.Id));
        Assert.All(ns.Mounts!, m => Assert.Equal(ns.Id, m.Namespace));
        Assert.Null(ns.Mounts![0].Parent);
        Assert.Equal("ns:lab.1a2b3c4d.a:100", ns.Mounts[2].Parent);
        Assert.Empty(batch.Changes);
        Assert.Empty(batch.RemovedNamespaces);
    }

    [Fact]
    public void Nodes_carry_detail_bind_root_propagation_and_the_raw_line()
    {
        var mapper = new GraphMapper();
        string[] lines =
        [
            "1 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw",
            "2 1 8:1 /srv/data /mnt/my\\040data rw master:1 propagate_from:4 - ext4 /dev/sda1 rw",
            "3 1 0:5 / /tmp rw,nosuid unbindable - tmpfs tmpfs rw",
            "4 1 0:6 / /run rw shared:9 master:1 - tmpfs run rw",
        ];
        MountTable table = Tables.Parse(lines);

        IReadOnlyList<GraphMountDto> nodes = mapper.Load(Lab, "a", table).Namespaces[0].Mounts!;

        Assert.Equal("ext4 · /dev/sda1", nodes[0].Detail);
        Assert.Null(nodes[0].Root);
        Assert.Equal("/mnt/my data", nodes[1].MountPoint);
        Assert.Equal("/srv/data", nodes[1].Root);
        Assert.Equal("ext4 · /dev/sda1 [/srv/data]", nodes[1].Detail);
        Assert.Equal(("slave", 1, 4), (nodes[1].Propagation, nodes[1].Master, nodes[1].PropagateFrom));
        // A source that only repeats the type is said once.
        Assert.Equal("tmpfs", nodes[2].Detail);
        Assert.Equal(("unbindable", true), (nodes[2].Propagation, nodes[2].Unbindable));
        Assert.Equal(("shared+slave", 9, 1), (nodes[3].Propagation, nodes[3].Shared, nodes[3].Master));
        Assert.Equal(lines[1], nodes[1].Line);
        Assert.Equal(MountInfoFormatter.FormatDisplayLine(table.Mounts[1]), nodes[1].Line);
        Assert.All(nodes, n => Assert.False(n.Propagated));
    }

    [Fact]
    public void Hidden_mounts_are_flagged()
    {
        var mapper = new GraphMapper();
        MountTable table = Tables.Parse(
            "1 1 8:1 / / rw - ext4 /dev/sda1 rw",
            "2 1 0:5 / /mnt rw - tmpfs under rw",
            "3 1 0:6 / /mnt rw - tmpfs over rw");

        IReadOnlyList<GraphMountDto> nodes = mapper.Load(Lab, "a", table).Namespaces[0].Mounts!;

        Assert.Equal([false, true, false], nodes.Select(n => n.Hidden));
    }

    [Fact]
    public void Group_colours_are_assigned_in_group_order_and_never_change()
    {
        var mapper = new GraphMapper();
        GraphBatchDto first = mapper.Load(Lab, "a", Tables.Parse(Tables.Bound));
        Assert.Equal([1, 3, 7], first.Groups.Select(g => g.Group));
        Assert.Equal(["shared:1", "shared:3", "shared:7"], first.Groups.Select(g => g.Label));
        Assert.Equal(3, first.Groups.Select(g => g.Color).Distinct().Count());
        Assert.All(first.Groups, g => Assert.Matches("^#[0-9a-f]{6}$", g.Color));

        // The same groups in another file order get the same colours from a fresh mapper.
        GraphBatchDto reordered = new GraphMapper().Load(Lab, "a", Tables.Parse([.. Tables.Bound.Reverse()]));
        Assert.Equal(first.Groups, reordered.Groups);

        // A clone whose mounts are slaves of 1 and 7, with a new group 12: old colours stay, 12 gets a new one.
        GraphBatchDto clone = mapper.Load(Clone, "b", Tables.Parse(
            "200 200 0:40 / / rw shared:12 master:1 - tmpfs mvz-lab rw",
            "202 200 0:42 / /source1 rw master:7 - tmpfs src1 rw"));
        Dictionary<int, string> colors = first.Groups.ToDictionary(g => g.Group, g => g.Color);
        Assert.Equal(colors[1], clone.Groups.Single(g => g.Group == 1).Color);
        Assert.Equal(colors[7], clone.Groups.Single(g => g.Group == 7).Color);
        Assert.DoesNotContain(clone.Groups.Single(g => g.Group == 12).Color, colors.Values);

        // Group 7 leaves and comes back: same colour.
        MountTable before = mapper.TableOf(Lab)!;
        MountTable without = Tables.Parse(Tables.Bound[..2]);
        mapper.Apply(Lab, MountDiff.Compare(before, without));
        GraphBatchDto back = mapper.Apply(Lab, MountDiff.Compare(without, Tables.Parse(Tables.Bound)));
        Assert.Equal(colors[7], back.Groups.Single(g => g.Group == 7).Color);
    }

    [Fact]
    public void Palette_goes_beyond_its_distinct_colours_with_distinct_hex_hues()
    {
        var palette = new PeerGroupPalette();
        string[] colors = [.. Enumerable.Range(1, 30).Select(palette.ColorOf)];

        Assert.Equal(30, colors.Distinct().Count());
        Assert.All(colors, c => Assert.Matches("^#[0-9a-f]{6}$", c));
        Assert.Equal(colors[0], palette.ColorOf(1));
        Assert.Equal("#ff0000", PeerGroupPalette.HslToHex(0, 1, 0.5));
        Assert.Equal("#00ff00", PeerGroupPalette.HslToHex(120, 1, 0.5));
        Assert.Equal("#808080", PeerGroupPalette.HslToHex(200, 0, 0.5));
    }

    [Fact]
    public void A_bind_under_a_peer_maps_to_an_added_node_and_a_propagated_copy()
    {
        // Step 2 of the article: bind source2 onto target1/target2; the kernel copies it to
        // source1/target2 (peer of target1), with a higher mount ID.
        var mapper = new GraphMapper();
        MountTable before = Tables.Parse(Tables.Bound);
        mapper.Load(Lab, "a", before);
        MountTable after = Tables.Parse([
            .. Tables.Bound,
            "110 103 0:43 / /target1/target2 rw shared:12 - tmpfs src2 rw",
            "111 102 0:43 / /source1/target2 rw shared:12 - tmpfs src2 rw",
        ]);

        GraphBatchDto batch = mapper.Apply(Lab, MountDiff.Compare(before, after));

        Assert.Equal(["added", "added"], batch.Changes.Select(c => c.Kind));
        GraphMountDto bound = batch.Changes[0].Node;
        GraphMountDto copy = batch.Changes[1].Node;
        Assert.Equal(("ns:lab.1a2b3c4d.a:110", "ns:lab.1a2b3c4d.a:103", false), (bound.Id, bound.Parent, bound.Propagated));
        Assert.Equal(("ns:lab.1a2b3c4d.a:111", "ns:lab.1a2b3c4d.a:102", true), (copy.Id, copy.Parent, copy.Propagated));
        Assert.Equal([12], batch.Groups.Select(g => g.Group));
        Assert.Empty(batch.Namespaces);
    }

    [Fact]
    public void With_the_origin_known_every_addition_elsewhere_is_propagated()
    {
        var mapper = new GraphMapper();
        MountTable a = Tables.Parse(Tables.Bound);
        MountTable b = Tables.Parse("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw", "202 200 0:42 / /source1 rw master:7 - tmpfs src1 rw");
        mapper.Load(Lab, "a", a);
        mapper.Load(Clone, "b", b);
        MountTable a2 = Tables.Parse([.. Tables.Bound, "120 102 0:50 / /source1/x rw shared:13 - tmpfs x rw"]);
        // The copy in b has a LOWER mount ID (a reused one): the origin, not the ID, decides.
        MountTable b2 = Tables.Parse("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw", "202 200 0:42 / /source1 rw master:7 - tmpfs src1 rw", "115 202 0:50 / /source1/x rw master:13 - tmpfs x rw");

        GraphBatchDto batch = mapper.Apply(
            [new NamespaceChanges(Lab, MountDiff.Compare(a, a2)), new NamespaceChanges(Clone, MountDiff.Compare(b, b2))],
            originSourceId: Lab);

        Assert.Equal(
            [("ns:lab.1a2b3c4d.a:120", false), ("ns:lab.1a2b3c4d.b:115", true)],
            batch.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
        Assert.Equal([13], batch.Groups.Select(g => g.Group));
    }

    [Fact]
    public void Batches_that_come_one_namespace_at_a_time_after_the_result_are_marked_as_the_result_says()
    {
        // A tmpfs mounted in a (the origin) shows up in its slave clone b too. Each feed brings its
        // own namespace's addition alone, after the operation's result: alone, b's copy looks
        // like an original (lowest ID of its batch, and a lower ID than a's).
        var mapper = new GraphMapper();
        MountTable a = Tables.Parse(Tables.Bound);
        string[] cloneLines = ["200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw", "202 200 0:42 / /source1 rw master:7 - tmpfs src1 rw"];
        MountTable b = Tables.Parse(cloneLines);
        mapper.Load(Lab, "a", a);
        mapper.Load(Clone, "b", b);
        MountTable a2 = Tables.Parse([.. Tables.Bound, "120 102 0:50 / /source1/x rw shared:13 - tmpfs x rw"]);
        MountTable b2 = Tables.Parse([.. cloneLines, "115 202 0:50 / /source1/x rw master:13 - tmpfs x rw"]);
        ImmutableArray<MountChange> inA = MountDiff.Compare(a, a2);
        ImmutableArray<MountChange> inB = MountDiff.Compare(b, b2);

        mapper.ExpectOperation(Lab, [new NamespaceChanges(Lab, inA), new NamespaceChanges(Clone, inB), new NamespaceChanges("lab.1a2b3c4d.notdrawn", inB)]);
        GraphBatchDto clone = mapper.Apply(Clone, inB);
        GraphBatchDto origin = mapper.Apply(Lab, inA);

        Assert.Equal([("ns:lab.1a2b3c4d.b:115", true)], clone.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
        Assert.Equal([("ns:lab.1a2b3c4d.a:120", false)], origin.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));

        // Used once: the same ID added again later (another mount of that device) is judged by its own batch.
        MountTable b3 = Tables.Parse(cloneLines);
        mapper.Apply(Clone, MountDiff.Compare(b2, b3));
        GraphBatchDto again = mapper.Apply(Clone, MountDiff.Compare(b3, b2));
        Assert.Equal([("ns:lab.1a2b3c4d.b:115", false)], again.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
    }

    [Fact]
    public void In_the_origin_namespace_the_copies_of_the_operations_mount_are_propagated_whichever_batch_brings_them()
    {
        // Step 2 of the article: the bind at /target1/target2 (110) is copied to /source1/target2 (111).
        var mapper = new GraphMapper();
        MountTable before = Tables.Parse(Tables.Bound);
        mapper.Load(Lab, "a", before);
        MountTable bound = Tables.Parse([.. Tables.Bound, "110 103 0:43 / /target1/target2 rw shared:12 - tmpfs src2 rw"]);
        MountTable copied = Tables.Parse([.. Tables.Bound, "110 103 0:43 / /target1/target2 rw shared:12 - tmpfs src2 rw", "111 102 0:43 / /source1/target2 rw shared:12 - tmpfs src2 rw"]);
        mapper.ExpectOperation(Lab, [new NamespaceChanges(Lab, MountDiff.Compare(before, copied))]);

        // Two reads that split them: each batch holds one of the two.
        GraphBatchDto first = mapper.Apply(Lab, MountDiff.Compare(before, bound));
        GraphBatchDto second = mapper.Apply(Lab, MountDiff.Compare(bound, copied));

        Assert.Equal([("ns:lab.1a2b3c4d.a:110", false)], first.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
        Assert.Equal([("ns:lab.1a2b3c4d.a:111", true)], second.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
    }

    [Fact]
    public void An_expected_addition_is_dropped_when_its_id_comes_back_as_another_mount_or_its_namespace_is_reloaded()
    {
        var mapper = new GraphMapper();
        MountTable a = Tables.Parse(Tables.Bound);
        MountTable b = Tables.Parse("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw");
        mapper.Load(Lab, "a", a);
        mapper.Load(Clone, "b", b);
        NamespaceChanges expected = new(Clone, MountDiff.Compare(b, Tables.Parse("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw", "115 200 0:50 / /x rw master:13 - tmpfs x rw")));

        // Another device under the same ID: not the mount the result spoke of.
        mapper.ExpectOperation(Lab, [expected]);
        MountTable other = Tables.Parse("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw", "115 200 0:51 / /x rw - tmpfs y rw");
        GraphBatchDto batch = mapper.Apply(Clone, MountDiff.Compare(b, other));
        Assert.Equal([("ns:lab.1a2b3c4d.b:115", false)], batch.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));

        // A reload takes the expectation with it (the snapshot already has the mount).
        mapper.Load(Clone, "b", b);
        mapper.ExpectOperation(Lab, [expected]);
        mapper.Load(Clone, "b", b);
        batch = mapper.Apply(Clone, expected.Changes);
        Assert.Equal([("ns:lab.1a2b3c4d.b:115", false)], batch.Changes.Select(c => (c.Node.Id, c.Node.Propagated)));
    }

    [Fact]
    public void Removals_come_first_and_several_changes_of_one_mount_become_one_changed_node()
    {
        var mapper = new GraphMapper();
        MountTable before = Tables.Parse(Tables.Bound);
        mapper.Load(Lab, "a", before);
        MountTable after = Tables.Parse(
            "100 100 0:40 / / rw,relatime shared:1 - tmpfs mvz-lab rw",
            "102 100 0:42 / /source1 rw,relatime shared:7 - tmpfs src1 rw",
            "103 102 0:42 / /source1/moved ro,relatime master:7 - tmpfs src1 rw");

        GraphBatchDto batch = mapper.Apply(Lab, MountDiff.Compare(before, after));

        Assert.Equal(["removed", "changed"], batch.Changes.Select(c => c.Kind));
        Assert.Equal("ns:lab.1a2b3c4d.a:101", batch.Changes[0].Node.Id);
        Assert.Equal("ns:lab.1a2b3c4d.a:100", batch.Changes[0].Node.Parent);
        GraphChangeDto changed = batch.Changes[1];
        Assert.Equal(["moved", "propagationChanged", "optionsChanged"], changed.Aspects);
        Assert.Equal(("/source1/moved", "ns:lab.1a2b3c4d.a:102", "slave"), (changed.Node.MountPoint, changed.Node.Parent, changed.Node.Propagation));
        Assert.Equal([3, 7], batch.Groups.Select(g => g.Group));
    }

    [Fact]
    public void A_mount_hidden_by_an_addition_is_refreshed_without_being_changed()
    {
        var mapper = new GraphMapper();
        MountTable before = Tables.Parse(Tables.Bound);
        mapper.Load(Lab, "a", before);
        MountTable after = Tables.Parse([.. Tables.Bound, "130 100 0:60 / /target1 rw - tmpfs over rw"]);

        GraphBatchDto batch = mapper.Apply(Lab, MountDiff.Compare(before, after));

        // Patches follow mountinfo order (parents before children).
        Assert.Equal([("refreshed", "ns:lab.1a2b3c4d.a:103"), ("added", "ns:lab.1a2b3c4d.a:130")], batch.Changes.Select(c => (c.Kind, c.Node.Id)));
        Assert.True(batch.Changes[0].Node.Hidden);
        Assert.True(mapper.TableOf(Lab)!.IsHidden(mapper.TableOf(Lab)!.Find(103)!));
    }

    [Fact]
    public void A_reused_mount_id_is_a_removal_then_an_addition()
    {
        var mapper = new GraphMapper();
        MountTable before = Tables.Parse(Tables.Bound);
        mapper.Load(Lab, "a", before);
        MountTable after = Tables.Parse([.. Tables.Bound[..3], "103 100 0:99 / /target1 rw - tmpfs other rw"]);

        GraphBatchDto batch = mapper.Apply(Lab, MountDiff.Compare(before, after));

        Assert.Equal([("removed", "src1"), ("added", "other")], batch.Changes.Select(c => (c.Kind, c.Node.Source)));
        Assert.Equal("other", mapper.TableOf(Lab)!.Find(103)!.Source);
    }

    [Fact]
    public void Changes_for_a_namespace_not_loaded_are_refused_with_what_to_do()
    {
        var mapper = new GraphMapper();

        var error = Assert.Throws<InvalidOperationException>(() => mapper.Apply("host.4026531841", ImmutableArray<MountChange>.Empty));

        Assert.Contains("host.4026531841", error.Message, StringComparison.Ordinal);
        Assert.Contains("Load", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_and_reload_namespaces()
    {
        var mapper = new GraphMapper();
        mapper.Load(Lab, "a", Tables.Parse(Tables.Bound));

        Assert.Equal(["ns:lab.1a2b3c4d.a"], mapper.Remove(Lab).RemovedNamespaces);
        Assert.True(mapper.Remove(Lab).IsEmpty);
        Assert.Empty(mapper.SourceIds);
    }
}
