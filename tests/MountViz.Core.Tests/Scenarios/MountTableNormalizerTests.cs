using System.Text;
using MountViz.Core.Model;
using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class MountTableNormalizerTests
{
    private static NamespaceTable Table(string ns, string mountinfo) =>
        new(ns, MountTable.Parse(Encoding.UTF8.GetBytes(mountinfo.ReplaceLineEndings("\n"))));

    [Fact]
    public void Two_runs_that_differ_only_in_ids_groups_devices_and_lab_id_are_equal()
    {
        NamespaceTable[] first =
        [
            Table("base", """
                64 40 0:45 / / rw,relatime shared:1 - tmpfs mountviz-lab-aaaaaaaa rw,size=65536k
                65 64 0:45 /source1 /target1 rw,relatime master:1 - tmpfs mountviz-lab-aaaaaaaa rw,size=65536k
                70 64 0:52 / /t rw shared:7 - tmpfs t rw
                """),
            Table("ns1", """
                90 80 0:45 / / rw,relatime shared:1 - tmpfs mountviz-lab-aaaaaaaa rw,size=65536k
                """),
        ];
        NamespaceTable[] second =
        [
            Table("base", """
                164 140 0:61 / / rw,relatime shared:30 - tmpfs mountviz-lab-bbbbbbbb rw,size=65536k
                165 164 0:61 /source1 /target1 rw,relatime master:30 - tmpfs mountviz-lab-bbbbbbbb rw,size=65536k
                171 164 0:66 / /t rw shared:41 - tmpfs t rw
                """),
            Table("ns1", """
                200 180 0:61 / / rw,relatime shared:30 - tmpfs mountviz-lab-bbbbbbbb rw,size=65536k
                """),
        ];

        var a = MountTableNormalizer.Normalize(first, "aaaaaaaa");
        var b = MountTableNormalizer.Normalize(second, "bbbbbbbb");

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Equal("base 2 1 d1 /source1 /target1 rw,relatime master:1 - tmpfs mountviz-lab-LAB rw,size=65536k", a[1]);
        Assert.Equal("ns1 1 - d1 / / rw,relatime shared:1 - tmpfs mountviz-lab-LAB rw,size=65536k", a[3]);
    }

    [Fact]
    public void A_different_peer_group_structure_is_not_equal()
    {
        NamespaceTable[] peers = [Table("base", "1 0 0:1 / /a rw shared:5 - tmpfs a rw\n2 0 0:1 / /b rw shared:5 - tmpfs a rw\n")];
        NamespaceTable[] separate = [Table("base", "1 0 0:1 / /a rw shared:5 - tmpfs a rw\n2 0 0:1 / /b rw shared:6 - tmpfs a rw\n")];

        Assert.NotEqual(MountTableNormalizer.Normalize(peers, null).ToArray(), MountTableNormalizer.Normalize(separate, null).ToArray());
    }

    [Fact]
    public void A_different_parent_is_not_equal()
    {
        NamespaceTable[] nested = [Table("base", "1 0 0:1 / / rw - tmpfs a rw\n2 1 0:2 / /b rw - tmpfs b rw\n3 2 0:3 / /b/c rw - tmpfs c rw\n")];
        NamespaceTable[] flat = [Table("base", "1 0 0:1 / / rw - tmpfs a rw\n2 1 0:2 / /b rw - tmpfs b rw\n3 1 0:3 / /b/c rw - tmpfs c rw\n")];

        Assert.NotEqual(MountTableNormalizer.Normalize(nested, null).ToArray(), MountTableNormalizer.Normalize(flat, null).ToArray());
    }
}
