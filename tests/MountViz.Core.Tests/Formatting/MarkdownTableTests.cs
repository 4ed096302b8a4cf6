using MountViz.Core.Formatting;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Formatting;

/// <summary>Markdown tables of mounts: GFM layout, escaping that keeps odd paths in their cells.</summary>
public sealed class MarkdownTableTests
{
    [Fact]
    public void Renders_a_header_a_delimiter_row_with_alignment_and_padded_rows()
    {
        string markdown = MarkdownTable.Render(["ID", "name"], [["1", "a"], ["22"]], new HashSet<int> { 0 });

        Assert.Equal("| ID | name |\n| ---: | --- |\n| 1 | a |\n| 22 | |\n", markdown);
    }

    [Theory]
    [InlineData("/mnt/a|b", @"/mnt/a\|b")]
    [InlineData(@"C:\dir", @"C:\\dir")]
    [InlineData(@"a\|b", @"a\\\|b")]
    [InlineData("x-gvfs_show,*", @"x-gvfs\_show,\*")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("<b>[x](y)</b>", @"\<b\>\[x\](y)\</b\>")]
    public void Escapes_what_markdown_would_read_as_markup(string text, string escaped)
    {
        Assert.Equal(escaped, MarkdownTable.Escape(text));
    }

    [Fact]
    public void A_pipe_in_a_cell_does_not_add_a_column()
    {
        string row = MarkdownTable.Render(["a", "b"], [["x|y", "z"]]).Split('\n')[2];

        // Unescaped pipes are the cell borders: three of them for two cells.
        int borders = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))
            {
                borders++;
            }
        }

        Assert.Equal(3, borders);
    }

    [Fact]
    public void A_row_wider_than_the_header_is_refused()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => MarkdownTable.Render(["a"], [["1", "2"]]));
        Assert.Contains("Row 1 has 2 cells", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_table_lists_every_mount_in_tree_order_with_its_propagation()
    {
        var table = Tables.Of(
            "20 1 8:4 / / rw,noatime shared:1 - ext4 /dev/sda4 rw",
            "31 20 8:17 /srv /data|x rw,relatime master:1 - ext4 /dev/sdb1 rw",
            "30 20 0:40 / /tmp rw,relatime shared:2 - tmpfs tmpfs rw,size=1k",
            "32 30 0:41 / /tmp rw - tmpfs tmpfs rw");

        string[] lines = MountTableMarkdown.Render(table, "lab 1a2b3c4d · base").Split('\n');

        Assert.Equal("**lab 1a2b3c4d · base**", lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Equal("| ID | parent | mount point | root | type | source | options | propagation |", lines[2]);
        Assert.Equal("| ---: | ---: | --- | --- | --- | --- | --- | --- |", lines[3]);
        Assert.Equal(@"| 20 | 1 | / | / | ext4 | /dev/sda4 | rw,noatime | shared:1 |", lines[4]);
        Assert.Equal(@"| 31 | 20 | /data\|x | /srv | ext4 | /dev/sdb1 | rw,relatime | master:1 |", lines[5]);
        Assert.Equal(@"| 30 | 20 | /tmp | / | tmpfs | tmpfs | rw,relatime | shared:2 (hidden) |", lines[6]);
        Assert.Equal(@"| 32 | 30 | /tmp | / | tmpfs | tmpfs | rw | private |", lines[7]);
        Assert.Equal("", lines[8]);
        Assert.Equal(9, lines.Length);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_appear_as_octal_escapes()
    {
        var table = Tables.Of(@"20 1 8:4 / /caf\351 rw - ext4 /dev/sda4 rw");

        Assert.Contains(@"| /caf\\351 |", MountTableMarkdown.Render(table), StringComparison.Ordinal);
    }
}
