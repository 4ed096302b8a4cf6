using System.Text;
using MountViz.Core.Formatting;
using MountViz.Core.Model;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Formatting;

public class MountTextRendererTests
{
    [Fact]
    public void Findmnt_columns_reproduce_findmnt_tree_of_the_messy_container_sample()
    {
        MountTable table = MountTable.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("util-linux-mountinfo-messy.txt")));
        // util-linux's expected files end with the command's exit status line.
        string expected = File.ReadAllText(RepositoryPaths.Fixture("util-linux-mountinfo-messy.expected"));
        Assert.EndsWith("\nrc=0\n", expected, StringComparison.Ordinal);
        expected = expected[..^"rc=0\n".Length];

        string actual = MountTextRenderer.TreeToString(table, MountTextOptions.Findmnt);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Tree_keeps_mount_order_where_findmnt_sorts_by_reused_ids()
    {
        // /dev/mqueue has ID 97 but was mounted after /dev/shm (223): the kernel reused a low ID.
        MountTable table = MountTable.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("util-linux-mountinfo-messy.txt")));

        string[] lines = MountTextRenderer.TreeToString(table).Split('\n');
        int shm = Array.FindIndex(lines, l => l.StartsWith("| |-/dev/shm ", StringComparison.Ordinal));
        int mqueue = Array.FindIndex(lines, l => l.StartsWith("| `-/dev/mqueue ", StringComparison.Ordinal) || l.StartsWith("| |-/dev/mqueue ", StringComparison.Ordinal));

        Assert.True(shm > 0 && mqueue > shm, $"/dev/shm at line {shm}, /dev/mqueue at line {mqueue}");
    }

    [Fact]
    public void Tree_adds_propagation_and_marks_hidden_and_orphan_mounts()
    {
        string tree = MountTextRenderer.TreeToString(SampleMountinfo.Table());

        string[] expected =
        [
            "TARGET                           SOURCE               FSTYPE PROPAGATION       OPTIONS",
            "/                                /dev/sda1            ext4   shared:1          rw,relatime",
            "|-/proc                          proc                 proc   shared:2          rw,nosuid",
            "|-/mnt                           tmpfs                tmpfs  shared:3,master:1 rw",
            "| |-/mnt/a (hidden)              tmpfs                tmpfs  master:3          rw",
            "| `-/mnt/a                       over                 tmpfs  private           rw",
            "`-/data                          /dev/sda1[/srv/data] ext4   unbindable        rw",
            "/lost (orphan: parent 99 absent) lost                 tmpfs  private           rw",
        ];
        Assert.Equal(string.Join('\n', expected) + "\n", tree);
    }

    [Fact]
    public void Table_lists_mounts_in_file_order_with_ids()
    {
        string table = MountTextRenderer.TableToString(SampleMountinfo.Table());

        string[] lines = table.TrimEnd('\n').Split('\n');
        Assert.Equal("ID PARENT TARGET                           SOURCE               FSTYPE PROPAGATION       OPTIONS", lines[0]);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], lines.Skip(1).Select(l => l.Split(' ')[0]));
        Assert.Equal("4  3      /mnt/a (hidden)                  tmpfs                tmpfs  master:3          rw", lines[4]);
        Assert.DoesNotContain("|-", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Orphans_in_a_container_view_are_marked_but_the_namespace_root_is_not()
    {
        // The docker sample: root 945's parent 859 is outside the view, and its children name
        // parent 793, which is not in the file at all.
        MountTable table = MountTable.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("opentelemetry-ruby-contrib-docker-cgroupv2.txt")));

        string[] lines = MountTextRenderer.TreeToString(table).Split('\n');

        Assert.StartsWith("/ ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("orphan", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("/proc (orphan: parent 793 absent)", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_utf8_bytes_and_control_characters_are_shown_as_octal_escapes()
    {
        // /mnt/caf\351 (Latin-1 é, not UTF-8), a newline escaped by the kernel as \012, and real UTF-8.
        byte[] mountinfo = [.. "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:20 / /mnt/caf"u8, 0xE9, .. " rw - tmpfs new\\012line rw\n3 1 0:21 / /mnt/b\u00e9b\u00e9 rw - tmpfs t rw\n"u8];
        MountTable table = MountTable.Parse(mountinfo);

        string tree = MountTextRenderer.TreeToString(table);

        Assert.Contains("|-/mnt/caf\\351 ", tree, StringComparison.Ordinal);
        Assert.Contains(" new\\012line ", tree, StringComparison.Ordinal);
        Assert.Contains("`-/mnt/b\u00e9b\u00e9 ", tree, StringComparison.Ordinal);
        Assert.Equal(4, tree.Count(c => c == '\n'));
    }

    [Fact]
    public void Columns_stay_aligned_when_a_cell_holds_multibyte_text()
    {
        MountTable table = MountTable.Parse(Encoding.UTF8.GetBytes(
            "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:20 / /tmp/\u201ezupa\\040z\u0119bowa\u201d rw shared:395 - tmpfs die\\040Br\u00fche rw\n"));

        string[] lines = MountTextRenderer.TreeToString(table).TrimEnd('\n').Split('\n');

        int sourceColumn = lines[0].IndexOf("SOURCE", StringComparison.Ordinal);
        Assert.Equal("/dev/sda1", lines[1].Substring(sourceColumn, 9));
        Assert.Equal("die Br\u00fche ", lines[2].Substring(sourceColumn, 10));
    }
}
