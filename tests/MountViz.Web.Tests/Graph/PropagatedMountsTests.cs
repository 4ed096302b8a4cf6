using MountViz.Core.Mountinfo;
using MountViz.Web.Graph;

namespace MountViz.Web.Tests.Graph;

public sealed class PropagatedMountsTests
{
    [Fact]
    public void Without_an_origin_the_lowest_id_of_each_set_of_copies_is_the_original()
    {
        MountInfo[] mounts = [.. Tables.Parse(
            "11 1 0:43 / /b/x rw - tmpfs t rw",
            "10 1 0:43 / /a/x rw - tmpfs t rw",
            "12 1 0:43 /sub /c rw - tmpfs t rw",
            "13 1 0:44 / /d rw - tmpfs u rw").Mounts];

        var found = PropagatedMounts.Find([.. mounts.Select(m => ("s", m))], originSourceId: null);

        // 10 and 11 share device and root: 11 is the copy. 12 (other root) and 13 (other device) stand alone.
        Assert.Equal([("s", 11)], found);
    }

    [Fact]
    public void With_an_origin_only_its_own_lowest_copy_is_original()
    {
        MountInfo[] mounts = [.. Tables.Parse(
            "20 1 0:43 / /x rw - tmpfs t rw",
            "21 1 0:43 / /y rw - tmpfs t rw").Mounts];

        var found = PropagatedMounts.Find([("other", mounts[0]), ("origin", mounts[1])], originSourceId: "origin");

        Assert.Equal([("other", 20)], found);
    }
}
