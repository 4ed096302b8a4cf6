using System.Text.Json;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// kubernetes/mount-utils' ParseMountInfo test records (transcribed as JSON beside the sample).
/// Kubernetes splits both option fields on commas outside double quotes; so do these comparisons.
/// </summary>
public sealed class KubernetesFixtureTests
{
    private const string Sample = "kubernetes-mount-utils-kubelet.txt";

    [Fact]
    public void Listed_records_match_kubernetes()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));
        using JsonDocument expected = JsonDocument.Parse(FixtureFiles.ReadText("kubernetes-mount-utils-kubelet.expected"));
        JsonElement[] records = [.. expected.RootElement.GetProperty("records").EnumerateArray()];

        Assert.Empty(table.Diagnostics);
        Assert.Equal(7, records.Length);
        foreach (JsonElement want in records)
        {
            int id = want.GetProperty("ID").GetInt32();
            MountInfo got = Assert.Single(table.Mounts, m => m.Id == id);
            string where = $"{want.GetProperty("name").GetString()} (ID {id})";

            Assert.True(want.GetProperty("ParentID").GetInt32() == got.ParentId, $"{where}: ParentID");
            Assert.True(want.GetProperty("Major").GetUInt32() == got.Major, $"{where}: Major");
            Assert.True(want.GetProperty("Minor").GetUInt32() == got.Minor, $"{where}: Minor");
            Assert.Equal(want.GetProperty("Root").GetString(), got.Root);
            Assert.Equal(want.GetProperty("Source").GetString(), got.Source);
            Assert.Equal(want.GetProperty("MountPoint").GetString(), got.MountPoint);
            Assert.Equal(want.GetProperty("FsType").GetString(), got.FsType);
            Assert.Equal<string>(Strings(want, "OptionalFields"), got.OptionalFields);
            Assert.Equal(Strings(want, "MountOptions"), LibmountOptions.Split(got.MountOptions));
            Assert.Equal(Strings(want, "SuperOptions"), LibmountOptions.Split(got.SuperOptions));
        }
    }

    [Fact]
    public void Duplicate_id_80_is_reported_and_lookups_find_the_first()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));

        Assert.Equal<int>([80], table.DuplicateIds);
        MountInfo[] both = [.. table.Mounts.Where(m => m.Id == 80)];
        Assert.Equal(2, both.Length);
        Assert.Same(both[0], table.Find(80));
        Assert.Equal("/var/lib/nfs/rpc_pipefs", both[0].MountPoint);
        Assert.Equal("/var", both[1].MountPoint);

        // Both instances stay usable: each has its own identity in the tree.
        Assert.Equal(table.Mounts.Length, table.DepthFirst().Count());
        Assert.Equal([189], table.ChildrenOf(both[0]).Ids());
        Assert.Empty(table.ChildrenOf(both[1]));
        Assert.True(table.IsOrphan(both[1]));
    }

    [Fact]
    public void Master_before_shared_is_kept_in_order_and_understood()
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(Sample));
        MountInfo mount = table.Get(224);

        Assert.Equal<string>(["master:1", "shared:44"], mount.OptionalFields);
        Assert.Equal(44, mount.Shared);
        Assert.Equal(1, mount.Master);
        Assert.Equal(Propagation.SharedAndSlave, mount.Propagation);
        Assert.Contains(mount, table.SlavesByMaster[1]);
        Assert.Equal("172.18.4.223:/srv/nfs", table.Get(150).Source);
        Assert.Equal("rw,context=\"system_u:object_r:container_file_t:s0:c314,c894\",data=ordered", table.Get(761).SuperOptions);
    }

    private static string[] Strings(JsonElement record, string name) =>
        [.. record.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
