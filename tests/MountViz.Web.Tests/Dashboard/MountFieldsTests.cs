using MountViz.Core.Mountinfo;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

public sealed class MountFieldsTests
{
    [Theory]
    [InlineData(1, "Shared, peer group 1:")]
    [InlineData(4, "Slave of peer group 3:")]
    [InlineData(5, "Private:")]
    [InlineData(6, "Unbindable:")]
    public void Says_the_propagation_in_words(int mountId, string start)
    {
        MountInfo mount = SampleMountinfo.Table().Find(mountId)!;

        Assert.StartsWith(start, MountFields.PropagationInWords(mount), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_propagate_from_and_explains_root_and_orphan_parents()
    {
        var table = Core.Model.MountTable.Parse("1 1 0:1 / / rw shared:1 - tmpfs t rw\n2 1 0:2 / /a rw master:9 propagate_from:2 - tmpfs t rw\n3 77 0:3 / /b rw - tmpfs t rw\n"u8);

        Assert.Contains("propagate_from:2: events come from peer group 2", MountFields.PropagationInWords(table.Find(2)!), StringComparison.Ordinal);
        Assert.Equal("1 (itself: the root of the tree)", MountFields.Of(table.Find(1)!, table)[1].Value);
        Assert.Equal("77 (not listed: outside this namespace's root)", MountFields.Of(table.Find(3)!, table)[1].Value);
    }

    [Fact]
    public void Lists_the_eleven_fields_in_line_order_with_octal_escapes_decoded()
    {
        var table = Core.Model.MountTable.Parse("5 1 0:9 /sub\\040dir /mnt/my\\040disk ro,nosuid - ext4 /dev/sdb1 rw,errors=continue\n"u8);

        var fields = MountFields.Of(table.Find(5)!, table);

        Assert.Equal(Enumerable.Range(1, 11), fields.Select(f => f.Number));
        Assert.Equal("/mnt/my disk", fields[4].Value);
        Assert.Equal("/sub dir", fields[3].Value);
        Assert.Equal("(none)", fields[6].Value);
        Assert.Equal("rw,errors=continue", fields[10].Value);
    }
}
