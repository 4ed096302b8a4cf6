using System.Globalization;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// util-linux's libmount parse tests: every record of the expected field dump matches MountViz's
/// parse field by field, including libmount's merged <c>optstr</c> derived from our two option fields.
/// </summary>
public sealed class LibmountDumpFixtureTests
{
    private static readonly HashSet<string> KnownKeys =
        ["source", "target", "fstype", "optstr", "VFS-optstr", "FS-opstr", "optional-fields", "propagation", "root", "id", "parent", "devno"];

    public static TheoryData<string, string> Pairs => new()
    {
        { "util-linux-mountinfo.txt", "util-linux-mountinfo.expected" },
        { "util-linux-mountinfo_nosrc.txt", "util-linux-mountinfo_nosrc.expected" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_record_matches_libmounts_dump(string sample, string expected)
    {
        MountInfoParseResult result = MountInfoParser.Parse(FixtureFiles.Read(sample));
        IReadOnlyList<LibmountDump> dump = LibmountDump.ParseFile(FixtureFiles.ReadText(expected));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(dump.Count, result.Mounts.Length);
        for (int i = 0; i < dump.Count; i++)
        {
            LibmountDump want = dump[i];
            MountInfo got = result.Mounts[i];
            string where = $"record {i + 1} (line {got.Line})";

            Assert.DoesNotContain(want.Fields.Keys, k => !KnownKeys.Contains(k));
            Check(where, "source", want["source"], got.Source);
            Check(where, "target", want["target"], got.MountPoint);
            Check(where, "fstype", want["fstype"], got.FsType);
            Check(where, "root", want["root"], got.Root);
            Check(where, "id", want.Number("id").ToString(CultureInfo.InvariantCulture), got.Id.ToString(CultureInfo.InvariantCulture));
            Check(where, "parent", want.Number("parent").ToString(CultureInfo.InvariantCulture), got.ParentId.ToString(CultureInfo.InvariantCulture));
            Check(where, "devno", want["devno"] ?? "0:0", got.Device);
            Check(where, "VFS-optstr", want["VFS-optstr"], got.MountOptions);
            Check(where, "FS-opstr", want["FS-opstr"], got.SuperOptions);
            Check(where, "optstr", want["optstr"], LibmountOptions.Merge(got.MountOptions, got.SuperOptions));
            Check(where, "optional-fields", want["optional-fields"], got.OptionalFields.IsEmpty ? null : $"'{string.Join(' ', got.OptionalFields)}'");
            Check(where, "propagation", Words(want["propagation"]), Words(got));
        }
    }

    [Fact]
    public void The_empty_source_and_the_raw_carriage_return_survive()
    {
        MountInfo nosrc = MountInfoParser.Parse(FixtureFiles.Read("util-linux-mountinfo_nosrc.txt")).Mounts[^1];
        MountInfo cr = MountInfoParser.Parse(FixtureFiles.Read("util-linux-mountinfo.txt")).Mounts[^1];
        MountInfo cifs = MountInfoParser.Parse(FixtureFiles.Read("util-linux-mountinfo.txt")).Mounts.Single(m => m.FsType == "cifs");

        Assert.Equal(string.Empty, nosrc.Source);
        Assert.Equal("rw", nosrc.SuperOptions);
        Assert.Equal(212, nosrc.Shared);
        Assert.Equal("/mnt/test/foo\rbar", cr.MountPoint);
        Assert.StartsWith(@"rw,unc=\\foo.home\bar,", cifs.SuperOptions, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rw,noexec", "ro,journal=update", "ro,noexec,journal=update")]
    [InlineData("rw,noexec", "rw,journal=update", "rw,noexec,journal=update")]
    [InlineData("rw,relatime", "rw", "rw,relatime")]
    [InlineData("ro,nosuid", "ro,mode=755", "ro,nosuid,mode=755")]
    [InlineData("ro,relatime", "rw", "ro,relatime")]
    [InlineData("rw", "rw", "rw")]
    [InlineData("rw,a", "rw,context=\"x,y\",b", "rw,a,context=\"x,y\",b")]
    public void The_libmount_option_merge_helper_matches_libmounts_documented_examples(string vfs, string fs, string merged)
    {
        Assert.Equal(merged, LibmountOptions.Merge(vfs, fs));
    }

    private static void Check(string where, string field, string? expected, string? actual)
    {
        if (expected != actual)
        {
            Assert.Fail($"{where}: {field}: libmount has '{expected}', MountViz has '{actual}'");
        }
    }

    // libmount prints "propagation: shared slave unbindable" with blanks for unset flags, and nothing for private.
    private static string Words(string? dumped) =>
        string.Join(' ', (dumped ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static string Words(MountInfo mount) =>
        string.Join(' ', new[]
        {
            mount.Shared is null ? null : "shared",
            mount.Master is null ? null : "slave",
            mount.Unbindable ? "unbindable" : null,
        }.OfType<string>().Order(StringComparer.Ordinal));
}
