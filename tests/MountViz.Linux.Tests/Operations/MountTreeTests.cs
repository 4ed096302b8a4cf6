using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Operations;

namespace MountViz.Linux.Tests.Operations;

/// <summary>Path lookups, subtrees and propagation receivers on hand-written tables.</summary>
public sealed class MountTreeTests
{
    // / ; /ws (shared:1) with /ws/a (shared:2) and /ws/a/b; then /ws/a over-mounted by 40, which hides 31 and 32.
    private static readonly MountTable Stacked = MountTable.Parse("""
        20 1 8:1 / / rw - ext4 /dev/root rw
        30 20 0:40 / /ws rw shared:1 - tmpfs ws rw
        31 30 0:41 / /ws/a rw shared:2 - tmpfs a rw
        32 31 0:42 / /ws/a/b rw - tmpfs b rw
        40 31 0:43 / /ws/a rw - tmpfs over rw
        41 40 0:44 / /ws/a/c rw unbindable - tmpfs c rw
        42 41 0:45 / /ws/a/c/d rw - tmpfs d rw
        43 40 0:46 / /ws/a/e rw - tmpfs e rw

        """u8);

    [Fact]
    public void Lookups_continue_on_the_top_of_a_stack()
    {
        var tree = new MountTree(Stacked);
        Assert.Equal(20, tree.Root!.Id);
        Assert.Equal(40, tree.TopAt("/ws/a")!.Id);
        Assert.Equal(40, tree.Containing("/ws/a/b")!.Id);
        Assert.Null(tree.TopAt("/ws/a/b"));
        Assert.Equal(42, tree.Containing("/ws/a/c/d/x")!.Id);
        Assert.Equal(30, tree.Containing("/ws/plain")!.Id);
        Assert.Null(tree.TopAt("/ws/plain"));
        Assert.Equal(20, tree.TopAt("/")!.Id);
    }

    [Fact]
    public void Subtrees_for_umount_R_move_and_rbind()
    {
        var tree = new MountTree(Stacked);
        Assert.Equal([42, 41, 43], tree.BelowDeepestFirst(Stacked.Find(40)!).Select(m => m.Id));
        Assert.Equal([40, 41, 42, 43], tree.Subtree(Stacked.Find(40)!).Select(m => m.Id));

        // rbind skips the unbindable mount and its whole subtree.
        Assert.Equal([40, 43], tree.RecursiveBindSource("/ws/a").Select(m => m.Id));
        Assert.Empty(tree.RecursiveBindSource("/ws/a/c"));
        Assert.True(tree.IsInSubtree(Stacked.Find(42)!, Stacked.Find(40)!));
        Assert.False(tree.IsInSubtree(Stacked.Find(32)!, Stacked.Find(40)!));
    }

    [Fact]
    public void Receivers_are_peers_and_the_slave_chain_in_every_namespace()
    {
        // Group 1: 30 here, 130 in n2; slaves of 1: 131 (plain) and 132 (shared:7, with peer 230 in n3); slave of 7: 231.
        MountTable n1 = MountTable.Parse("""
            20 1 8:1 / / rw - ext4 /dev/root rw
            30 20 0:40 / /ws rw shared:1 - tmpfs ws rw

            """u8);
        MountTable n2 = MountTable.Parse("""
            120 1 8:1 / / rw - ext4 /dev/root rw
            130 120 0:40 / /ws rw shared:1 - tmpfs ws rw
            131 130 0:40 /x /ws/x rw master:1 - tmpfs ws rw
            132 130 0:40 /y /ws/y rw shared:7 master:1 - tmpfs ws rw

            """u8);
        MountTable n3 = MountTable.Parse("""
            220 1 8:1 / / rw - ext4 /dev/root rw
            230 220 0:40 /y /ws rw shared:7 master:1 - tmpfs ws rw
            231 230 0:40 /z /ws/z rw master:7 - tmpfs ws rw
            232 220 0:47 / /private rw - tmpfs p rw

            """u8);
        var tables = new List<(string, MountTable)> { ("n1", n1), ("n2", n2), ("n3", n3) };
        List<(string Namespace, MountInfo Mount)> receivers = PropagationReceivers.Of("n1", n1.Find(30)!, tables);
        Assert.Equal(
            [("n2", 130), ("n2", 131), ("n2", 132), ("n3", 230), ("n3", 231)],
            receivers.Select(r => (r.Namespace, r.Mount.Id)).OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Id));
        Assert.Empty(PropagationReceivers.Of("n3", n3.Find(232)!, tables));

        // Three mounts attached under 30: three here, three per receiver.
        MountCapEstimate estimate = MountCapEstimate.For("n1", 3, addsInPlace: true, n1.Find(30), tables);
        Assert.Equal((3, 5), (estimate.TreeSize, estimate.Receivers));
        Assert.Equal(3, estimate.Added["n1"]);
        Assert.Equal(9, estimate.Added["n2"]);
        Assert.Equal(6, estimate.Added["n3"]);
        var counts = new Dictionary<string, int> { ["n1"] = 2, ["n2"] = 4, ["n3"] = 3 };
        Assert.Null(estimate.Refusal("mount --rbind /a /b", counts, 13));
        string refusal = estimate.Refusal("mount --rbind /a /b", counts, 12)!;
        Assert.StartsWith("Refused before running `mount --rbind /a /b`: it would add about 9 mounts to namespace n2 (which has 4, so 13), over the cap of 12", refusal, StringComparison.Ordinal);

        // A move adds nothing where it runs.
        Assert.False(MountCapEstimate.For("n1", 3, addsInPlace: false, n1.Find(30), tables).Added.ContainsKey("n1"));
    }
}
