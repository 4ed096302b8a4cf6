using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>Every sample in ../shared/fixtures/mountinfo parses cleanly and survives a format round trip.</summary>
public sealed class AllSamplesTests
{
    public static TheoryData<string> Samples => [.. FixtureFiles.Samples];

    [Fact]
    public void The_fixture_directory_holds_every_known_sample()
    {
        // Guards the theories below against passing on an empty or moved directory.
        Assert.Equal(
            [
                "kubernetes-mount-utils-kubelet.txt",
                "moby-sys-fedora.txt",
                "moby-sys-gentoo.txt",
                "moby-sys-spaces.txt",
                "opentelemetry-ruby-contrib-docker-cgroupv2.txt",
                "util-linux-mountinfo-messy.txt",
                "util-linux-mountinfo.txt",
                "util-linux-mountinfo_nosrc.txt",
            ],
            FixtureFiles.Samples);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_parses_every_line_with_no_diagnostics(string sample)
    {
        byte[] data = FixtureFiles.Read(sample);

        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(Bytes.NonEmptyLines(data), result.Mounts.Length);
        Assert.Equal(Enumerable.Range(1, result.Mounts.Length), result.Mounts.Select(m => m.Line));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Formatting_a_parsed_sample_gives_back_its_exact_bytes(string sample)
    {
        byte[] data = FixtureFiles.Read(sample);

        byte[] formatted = MountInfoFormatter.Format(MountInfoParser.Parse(data).Mounts);

        // The kernel escapes exactly what the formatter escapes, so real files come back byte for byte.
        Assert.Equal(MountText.Decode(data), MountText.Decode(formatted));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_builds_a_table_that_lists_every_mount_once_in_its_tree(string sample)
    {
        MountTable table = MountTable.Parse(FixtureFiles.Read(sample));

        var walked = table.DepthFirst().Select(x => x.Mount).ToList();

        Assert.Equal(table.Mounts.Length, walked.Count);
        Assert.Equal(table.Mounts.Length, walked.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(table.Roots, root => Assert.Null(table.ParentOf(root)));
    }

    [Fact]
    public void Docker_cgroupv2_sample_keeps_the_871_byte_overlay_line_and_its_orphans()
    {
        byte[] data = FixtureFiles.Read("opentelemetry-ruby-contrib-docker-cgroupv2.txt");
        int firstLineLength = data.AsSpan().IndexOf((byte)'\n');

        MountTable table = MountTable.Parse(data);

        Assert.Empty(table.Diagnostics);
        Assert.Equal(23, table.Mounts.Length);
        Assert.Equal(871, firstLineLength);
        MountInfo overlay = table.Get(945);
        Assert.Equal("overlay", overlay.FsType);
        Assert.Equal("/", overlay.MountPoint);
        Assert.StartsWith("rw,lowerdir=/var/lib/docker/overlay2/l/3QOOYAPADIUJJO4Y73KN47Y242:", overlay.SuperOptions, StringComparison.Ordinal);
        Assert.EndsWith(",workdir=/var/lib/docker/overlay2/61bd889143e5c67cb22aa79240757562a2bf735ca84d33c712b59b82406a2fbf/work", overlay.SuperOptions, StringComparison.Ordinal);
        Assert.Equal(267, overlay.Master);
        Assert.Equal(Propagation.Slave, overlay.Propagation);

        // 945's parent 859 and the parent 793 of the container's other top mounts are outside the view.
        Assert.Equal([945, 794, 795, 797, 802, 804, 805, 806, 809], table.Roots.Ids());
        Assert.All(table.Roots, root => Assert.True(table.IsOrphan(root)));
        Assert.Equal([796, 799, 800, 573], table.ChildrenOf(table.Get(795)).Ids());
        Assert.Equal("/null", table.Get(614).Root);
        Assert.Equal("/0", table.Get(573).Root);
        Assert.Equal("/host-services/docker.proxy.sock", table.Get(809).Root);
        Assert.Equal("/run/docker.sock", table.Get(809).MountPoint);
    }
}
