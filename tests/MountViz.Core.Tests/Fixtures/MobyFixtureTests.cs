using System.Text.Json;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// moby/sys mountinfo's test assertions (transcribed as JSON beside the samples). moby's
/// <c>VFSOptions</c> is the super options field, cut at the first space; MountViz keeps the whole
/// rest of the line (the issue requires it for old cifs), so that one field is compared up to the space.
/// </summary>
public sealed class MobyFixtureTests
{
    [Theory]
    [InlineData("moby-sys-fedora")]
    [InlineData("moby-sys-gentoo")]
    [InlineData("moby-sys-spaces")]
    public void Listed_records_match_moby(string name)
    {
        byte[] data = FixtureFiles.Read(name + ".txt");
        MountInfoParseResult result = MountInfoParser.Parse(data);
        using JsonDocument expected = JsonDocument.Parse(FixtureFiles.ReadText(name + ".expected"));
        JsonElement root = expected.RootElement;

        Assert.Empty(result.Diagnostics);
        Assert.Equal(root.GetProperty("expectedLength").GetInt32(), result.Mounts.Length);
        int compared = 0;
        if (root.TryGetProperty("first", out JsonElement first))
        {
            Compare(first, result.Mounts[0], data);
            compared++;
        }

        if (root.TryGetProperty("records", out JsonElement records))
        {
            // moby's test walks the records in file order.
            int i = 0;
            foreach (JsonElement record in records.EnumerateArray())
            {
                Compare(record, result.Mounts[i++], data);
                compared++;
            }
        }

        Assert.True(compared > 0, $"{name}.expected lists no records");
    }

    [Fact]
    public void Cifs_super_options_with_spaces_are_the_whole_rest_of_the_line()
    {
        foreach (string name in new[] { "moby-sys-fedora.txt", "moby-sys-spaces.txt" })
        {
            MountInfo cifs = MountInfoParser.Parse(FixtureFiles.Read(name)).Mounts.Single(m => m.FsType == "cifs");

            Assert.Equal("//foo/BLA BLA BLA/", cifs.Source);
            Assert.Equal(
                @"rw,sec=ntlm,cache=loose,unc=\\foo\BLA BLA BLA,username=my_login,domain=mydomain.com,uid=12345678,forceuid,gid=12345678,forcegid,addr=10.1.30.10,file_mode=0755,dir_mode=0755,nounix,rsize=61440,wsize=65536,actimeo=1",
                cifs.SuperOptions);
        }
    }

    [Fact]
    public void Gentoo_decodes_the_escaped_space_in_a_mount_point()
    {
        MountInfoParseResult result = MountInfoParser.Parse(FixtureFiles.Read("moby-sys-gentoo.txt"));

        MountInfo media = Assert.Single(result.Mounts, m => m.MountPoint.StartsWith("/media/REMOVE", StringComparison.Ordinal));
        Assert.Equal("/media/REMOVE ME", media.MountPoint);
        Assert.Contains(result.Mounts, m => m.FsType == "fuseblk");
    }

    [Fact]
    public void Filter_counts_of_mobys_fedora_test_hold_for_the_parsed_mounts()
    {
        var mounts = MountInfoParser.Parse(FixtureFiles.Read("moby-sys-fedora.txt")).Mounts;
        using JsonDocument expected = JsonDocument.Parse(FixtureFiles.ReadText("moby-sys-fedora.expected"));
        JsonElement cases = expected.RootElement.GetProperty("filter_cases_on_this_sample");

        // moby/sys mountinfo_filters.go, as plain string tests.
        var counts = new Dictionary<string, int>
        {
            ["SingleEntryFilter(/sys/fs/cgroup)"] = mounts.Count(m => m.MountPoint == "/sys/fs/cgroup"),
            ["PrefixFilter(/sys)"] = mounts.Count(m => m.MountPoint.StartsWith("/sys", StringComparison.Ordinal)),
            ["ParentsFilter(/sys/fs/cgroup/cpu,cpuacct)"] = mounts.Count(m => "/sys/fs/cgroup/cpu,cpuacct".StartsWith(m.MountPoint, StringComparison.Ordinal)),
            ["FSTypeFilter(pstore)"] = mounts.Count(m => m.FsType == "pstore"),
            ["FSTypeFilter(proc,sysfs)"] = mounts.Count(m => m.FsType is "proc" or "sysfs"),
        };

        Assert.Equal(
            cases.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).Order(),
            counts.Select(p => (p.Key, p.Value)).Order());
    }

    private static void Compare(JsonElement want, MountInfo got, byte[] data)
    {
        string where = $"line {got.Line}";
        Assert.True(want.GetProperty("ID").GetInt32() == got.Id, $"{where}: ID");
        Assert.True(want.GetProperty("Parent").GetInt32() == got.ParentId, $"{where}: Parent");
        Assert.True(want.GetProperty("Major").GetUInt32() == got.Major, $"{where}: Major");
        Assert.True(want.GetProperty("Minor").GetUInt32() == got.Minor, $"{where}: Minor");
        Assert.Equal(want.GetProperty("Root").GetString(), got.Root);
        Assert.Equal(want.GetProperty("Mountpoint").GetString(), got.MountPoint);
        Assert.Equal(want.GetProperty("Options").GetString(), got.MountOptions);
        Assert.Equal(want.GetProperty("Optional").GetString(), string.Join(' ', got.OptionalFields));
        Assert.Equal(want.GetProperty("FSType").GetString(), got.FsType);
        Assert.Equal(want.GetProperty("Source").GetString(), got.Source);

        // moby stops at the first space; we keep the rest of the line, as the raw bytes show it.
        string superOptions = got.SuperOptions;
        int space = superOptions.IndexOf(' ', StringComparison.Ordinal);
        Assert.Equal(want.GetProperty("VFSOptions").GetString(), space < 0 ? superOptions : superOptions[..space]);
        Assert.Equal(RawSuperOptions(data, got.Line), superOptions);
    }

    // Field 11 read straight from the file: what follows " - <type> <source> " on the line.
    private static string RawSuperOptions(byte[] data, int lineNumber)
    {
        string line = MountText.Decode(data).Split('\n')[lineNumber - 1];
        string afterSeparator = line[(line.IndexOf(" - ", StringComparison.Ordinal) + 3)..];
        string afterType = afterSeparator[(afterSeparator.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        return afterType[(afterType.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }
}
