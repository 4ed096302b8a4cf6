using CsCheck;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Model;

/// <summary>
/// Hidden mounts: over-mounted on their own mount point (what findmnt --shadowed lists), covered
/// by a sibling on the same place or on a directory above, or below a covered place.
/// </summary>
public sealed class MountTableHiddenTests
{
    [Fact]
    public void An_over_mounted_mount_is_hidden_and_the_mount_on_top_is_not()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "2 1 0:2 / /a rw - tmpfs under rw",
            "3 2 0:3 / /a/inside rw - tmpfs inside rw",
            "4 2 0:4 / /a rw - tmpfs top rw",
            "5 4 0:5 / /a/new rw - tmpfs new rw");

        Assert.Equal([2, 3], Hidden(table));
    }

    [Fact]
    public void A_stack_of_three_mounts_shows_only_the_last()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "2 1 0:2 / /a rw - tmpfs one rw",
            "3 2 0:3 / /a rw - tmpfs two rw",
            "4 3 0:4 / /a rw - tmpfs three rw");

        Assert.Equal([2, 3], Hidden(table));
    }

    [Fact]
    public void An_over_mounted_root_is_hidden()
    {
        MountTable table = Tables.Of(
            "20 1 8:1 / / rw - ext4 /dev/sda rw",
            "21 20 0:2 / / rw - tmpfs top rw",
            "22 20 0:3 / /old rw - tmpfs old rw",
            "23 21 0:4 / /new rw - tmpfs new rw");

        Assert.Equal([20, 22], Hidden(table));
    }

    [Fact]
    public void A_later_mount_over_a_directory_above_hides_the_mount_and_its_children()
    {
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "2 1 0:2 / /a/b rw - tmpfs deep rw",
            "3 2 0:3 / /a/b/c rw - tmpfs deeper rw",
            "4 1 0:4 / /a rw - tmpfs cover rw",
            "5 1 0:5 / /ab rw - tmpfs prefix-but-not-parent rw");

        Assert.Equal([2, 3], Hidden(table));
    }

    [Fact]
    public void A_mount_propagated_below_an_existing_cover_is_hidden_too()
    {
        // The cover came first; the receiving mount got the copy under it (mount order does not matter here).
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "4 1 0:4 / /a rw - tmpfs cover rw",
            "2 1 0:2 / /a/b rw - tmpfs copy rw");

        Assert.Equal([2], Hidden(table));
    }

    [Fact]
    public void Of_two_siblings_on_one_mount_point_the_later_hides_the_earlier()
    {
        // Old kernels could attach two mounts to one place (shadow mounts via propagation).
        MountTable table = Tables.Of(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            "2 1 0:2 / /a rw - tmpfs first rw",
            "5 2 0:5 / /a/x rw - tmpfs x rw",
            "3 1 0:3 / /a rw - tmpfs second rw");

        Assert.Equal([2, 5], Hidden(table));
    }

    [Fact]
    public void A_tucked_mount_is_hidden_and_the_receivers_own_mount_stays_visible()
    {
        // mount-propagation.md e6 / V58: Y6's copy (81) goes under X6 (78), which is re-parented onto it.
        MountTable table = Tables.Of(
            "62 1 8:1 / /tmp/lab rw - ext4 /dev/sda rw",
            "74 62 0:44 / /tmp/lab/e6 rw,relatime shared:4 - tmpfs e6 rw",
            "76 62 0:44 / /tmp/lab/e6s rw,relatime master:4 - tmpfs e6 rw",
            "78 81 0:46 / /tmp/lab/e6s/d rw,relatime - tmpfs X6 rw",
            "81 76 0:47 / /tmp/lab/e6s/d rw,relatime master:5 - tmpfs Y6 rw");

        Assert.Equal([81], Hidden(table));
    }

    [Fact]
    public void Findmnt_shadowed_mounts_of_util_linux_sample_are_hidden_and_nothing_else()
    {
        // `findmnt --shadowed --tab-file util-linux-mountinfo.txt -o ID` (util-linux 2.38.1): 35 33 36.
        MountTable table = MountTable.Parse(FixtureFiles.Read("util-linux-mountinfo.txt"));

        Assert.Equal([33, 35, 36], Hidden(table));
        Assert.Equal([33, 35, 36], FindmntShadowed(table));
    }

    [Fact]
    public void In_the_messy_sample_a_bind_mount_under_proc_sys_is_hidden_though_findmnt_does_not_list_it()
    {
        // findmnt --shadowed lists nothing here: it only looks for a child on the same target. 106 sits
        // on /proc (231) at /proc/sys/kernel/random/boot_id, but /proc/sys (232) is mounted over the
        // directory above it, so a lookup of that path ends on 105 (a child of 232) instead.
        MountTable table = MountTable.Parse(FixtureFiles.Read("util-linux-mountinfo-messy.txt"));

        Assert.Empty(FindmntShadowed(table));
        Assert.Equal([106], Hidden(table));
        Assert.False(table.IsHidden(table.Get(105)));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Hidden_mounts_of_every_sample_include_findmnts_shadowed_ones_and_agree_with_path_lookup(string sample)
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(sample));

        Assert.Subset(Hidden(table).ToHashSet(), FindmntShadowed(table).ToHashSet());
        if (PathLookup.IsWellFormed(table))
        {
            Assert.Equal(
                table.Mounts.Where(m => PathLookup.IsHidden(table, m)).Ids(),
                table.Mounts.Where(table.IsHidden).Ids());
        }
    }

    [Fact]
    public void Hidden_agrees_with_path_lookup_on_random_trees()
    {
        // Mount points from a tiny alphabet so that stacks, shared places and covers are common.
        Gen<(int Parent, int Kind, string Name)[]> layout =
            Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 4], Gen.OneOfConst("a", "b", "a/b", "b/a", "a/a")).Array[1, 30];

        layout.Sample(steps =>
        {
            var lines = new List<string> { "1 0 8:1 / / rw - ext4 /dev/sda rw" };
            var mountPoints = new List<string> { "/" };
            foreach ((int parentPick, int kind, string name) in steps)
            {
                int parent = parentPick % mountPoints.Count;
                string parentPath = mountPoints[parent];

                // kind 0: on top of the parent itself; otherwise a path below it.
                string path = kind == 0 ? parentPath : (parentPath == "/" ? "/" : parentPath + "/") + name;
                lines.Add($"{lines.Count + 1} {parent + 1} 0:{lines.Count + 1} / {path} rw - tmpfs t rw");
                mountPoints.Add(path);
            }

            MountTable table = Tables.Of([.. lines]);

            Assert.True(PathLookup.IsWellFormed(table));
            Assert.Equal(
                table.Mounts.Where(m => PathLookup.IsHidden(table, m)).Ids(),
                table.Mounts.Where(table.IsHidden).Ids());
        }, iter: 2000);
    }

    [Fact]
    public void Hidden_agrees_with_path_lookup_when_a_parent_has_thousands_of_children()
    {
        // More siblings than SiblingMountPoints hashes: the sorted index must give the same answers,
        // with stacks on one mount point, covers from above and plain neighbours.
        var random = new Random(7);
        string[] names = ["a", "b", "c", "a/b", "a/b/c", "b/a", "c/a/b"];
        var lines = new List<string> { "1 0 8:1 / / rw - ext4 /dev/sda rw" };
        for (int i = 0; i < SiblingMountPoints.HashLimit + 500; i++)
        {
            string path = $"/d{random.Next(400)}/{names[random.Next(names.Length)]}";
            lines.Add($"{lines.Count + 1} 1 0:{lines.Count + 1} / {path} rw - tmpfs t rw");
        }

        MountTable table = Tables.Of([.. lines]);

        Assert.Equal(
            table.Mounts.Where(m => PathLookup.IsHidden(table, m)).Ids(),
            table.Mounts.Where(table.IsHidden).Ids());
        Assert.Contains(table.Mounts, table.IsHidden);
    }

    [Fact]
    public void Hidden_is_right_for_a_flat_table_of_100000_siblings()
    {
        // 100,000 siblings under one parent, all covered by one later mount. (A pairwise sibling
        // scan took minutes here; speed itself is measured in tests/MountViz.Benchmarks.)
        var lines = new List<string>(100_001) { "1 0 8:1 / / rw - ext4 /dev/sda rw" };
        for (int i = 2; i <= 100_001; i++)
        {
            lines.Add($"{i} 1 0:{i} / /mnt/m{i} rw - tmpfs t rw");
        }

        lines.Add("100002 1 0:2 / /mnt rw - tmpfs cover rw");

        MountTable table = MountTable.Parse(Bytes.Lines([.. lines]));

        Assert.Equal(100_000, table.Mounts.Count(table.IsHidden));
        Assert.False(table.IsHidden(table.Get(100_002)));
    }

    public static TheoryData<string> AllSamples => [.. FixtureFiles.Samples];

    private static int[] Hidden(MountTable table) => [.. table.Mounts.Where(table.IsHidden).Select(m => m.Id).Order()];

    // libmount's mnt_table_over_fs, which findmnt --shadowed uses: a child mounted on the same target.
    private static int[] FindmntShadowed(MountTable table) =>
        [.. table.Mounts.Where(m => table.ChildrenOf(m).Any(c => c.MountPoint == m.MountPoint)).Select(m => m.Id).Order()];
}
