using System.Text;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Mountinfo;

/// <summary>Fields, escapes, optional fields and odd-but-legal lines.</summary>
public sealed class MountInfoParserTests
{
    [Fact]
    public void Reads_all_eleven_fields()
    {
        MountInfo mount = Tables.Line("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue");

        Assert.Equal(36, mount.Id);
        Assert.Equal(35, mount.ParentId);
        Assert.Equal(98u, mount.Major);
        Assert.Equal(0u, mount.Minor);
        Assert.Equal("98:0", mount.Device);
        Assert.Equal("/mnt1", mount.Root);
        Assert.Equal("/mnt2", mount.MountPoint);
        Assert.Equal("rw,noatime", mount.MountOptions);
        Assert.Equal<string>(["master:1"], mount.OptionalFields);
        Assert.Equal("ext3", mount.FsType);
        Assert.Equal("/dev/root", mount.Source);
        Assert.Equal("rw,errors=continue", mount.SuperOptions);
        Assert.Equal(1, mount.Line);
    }

    [Theory]
    [InlineData(@"\040", " ")]
    [InlineData(@"\011", "\t")]
    [InlineData(@"\012", "\n")]
    [InlineData(@"\134", "\\")]
    [InlineData(@"\101", "A")]
    [InlineData(@"\000", "\0")]
    [InlineData(@"\177", "\u007f")]
    [InlineData(@"a\040b\040\040c", "a b  c")]
    public void Decodes_octal_escapes_in_root_mount_point_type_and_source(string escaped, string decoded)
    {
        MountInfo mount = Tables.Line($"1 0 8:1 /r{escaped} /m{escaped} rw - t{escaped} s{escaped} rw{escaped}");

        Assert.Equal("/r" + decoded, mount.Root);
        Assert.Equal("/m" + decoded, mount.MountPoint);
        Assert.Equal("t" + decoded, mount.FsType);
        Assert.Equal("s" + decoded, mount.Source);

        // Options are not paths: the kernel prints them as the filesystem wrote them, so they stay verbatim.
        Assert.Equal("rw" + escaped, mount.SuperOptions);
    }

    [Fact]
    public void Escaped_bytes_that_are_not_utf8_are_kept_losslessly_and_shown_as_octal()
    {
        // \377 and \300 are not valid UTF-8 on their own; \303\251 is "é".
        MountInfo mount = Tables.Line(@"1 0 8:1 / /mnt/\377x\303\251\300 rw - ext4 /dev/\376 rw");

        Assert.Equal([.. "/mnt/"u8, 0xFF, (byte)'x', 0xC3, 0xA9, 0xC0], MountText.Encode(mount.MountPoint));
        Assert.Equal(@"/mnt/\377xé\300", MountText.ToDisplay(mount.MountPoint));
        Assert.Equal([.. "/dev/"u8, 0xFE], MountText.Encode(mount.Source));
        Assert.Equal(@"/dev/\376", MountText.ToDisplay(mount.Source));
        Assert.True(MountText.HasEscapedBytes(mount.MountPoint));
        Assert.Equal(mount.MountPoint, MountText.FromDisplay(MountText.ToDisplay(mount.MountPoint)));
    }

    [Fact]
    public void Raw_bytes_that_are_not_utf8_are_kept_losslessly_too()
    {
        byte[] line = Bytes.Raw("1 0 8:1 /\u00e9\u00ff / rw - ext4 /dev/sda rw\n");

        MountInfo mount = Assert.Single(MountInfoParser.Parse(line).Mounts);

        Assert.Equal(new byte[] { (byte)'/', 0xE9, 0xFF }, MountText.Encode(mount.Root));
        Assert.Equal(@"/\351\377", MountText.ToDisplay(mount.Root));
    }

    [Theory]
    [InlineData(@"/a\b", @"/a\b")] // not followed by digits
    [InlineData(@"/a\04", @"/a\04")] // only two digits before the end
    [InlineData(@"/a\04x", @"/a\04x")]
    [InlineData(@"/a\400", @"/a\400")] // above \377: not one byte
    [InlineData(@"/a\8", @"/a\8")]
    [InlineData(@"/a\", @"/a\")]
    [InlineData(@"/a\\040", @"/a\ ")] // the first backslash is literal, the second starts \040
    public void A_backslash_not_followed_by_three_octal_digits_is_kept(string field, string decoded)
    {
        MountInfo mount = Tables.Line($"1 0 8:1 {field} {field} rw - ext4 {field} rw");

        Assert.Equal(decoded, mount.Root);
        Assert.Equal(decoded, mount.MountPoint);
        Assert.Equal(decoded, mount.Source);
    }

    [Fact]
    public void Supplementary_characters_survive_decoding_and_display()
    {
        // U+1F480 is the UTF-16 pair D83D DC80: its low half lies in the range MountText uses for raw bytes.
        string path = "/mnt/\U0001F480/\U00010080";
        MountInfo mount = Tables.Line($"1 0 8:1 / {path} rw - ext4 /dev/sda rw");

        Assert.Equal(path, mount.MountPoint);
        Assert.Equal(Encoding.UTF8.GetBytes(path), MountText.Encode(mount.MountPoint));
        Assert.Equal(path, MountText.ToDisplay(mount.MountPoint));
        Assert.False(MountText.HasEscapedBytes(mount.MountPoint));
        Assert.Equal(path, MountText.FromDisplay(path));
    }

    [Fact]
    public void Optional_fields_are_kept_in_order_with_unknown_tags_verbatim()
    {
        MountInfo mount = Tables.Line("1 0 8:1 / / rw shared:7 future:tag master:3 propagate_from:2 x shared:nope unbindable - ext4 /dev/sda rw");

        Assert.Equal<string>(["shared:7", "future:tag", "master:3", "propagate_from:2", "x", "shared:nope", "unbindable"], mount.OptionalFields);
        Assert.Equal(7, mount.Shared);
        Assert.Equal(3, mount.Master);
        Assert.Equal(2, mount.PropagateFrom);
        Assert.True(mount.Unbindable);
    }

    [Theory]
    [InlineData("", null, null, null, false, Propagation.Private, "private", "private")]
    [InlineData("shared:1", 1, null, null, false, Propagation.Shared, "shared", "shared:1")]
    [InlineData("master:4", null, 4, null, false, Propagation.Slave, "slave", "master:4")]
    [InlineData("master:4 propagate_from:9", null, 4, 9, false, Propagation.Slave, "slave", "master:4,propagate_from:9")]
    [InlineData("shared:5 master:1", 5, 1, null, false, Propagation.SharedAndSlave, "shared+slave", "shared:5,master:1")]
    [InlineData("unbindable", null, null, null, true, Propagation.Unbindable, "unbindable", "unbindable")]
    public void Propagation_is_read_from_the_optional_fields(
        string tags, int? shared, int? master, int? propagateFrom, bool unbindable, Propagation propagation, string words, string propagationTags)
    {
        string optional = tags.Length == 0 ? string.Empty : " " + tags;
        MountInfo mount = Tables.Line($"1 0 8:1 / / rw{optional} - ext4 /dev/sda rw");

        Assert.Equal(shared, mount.Shared);
        Assert.Equal(master, mount.Master);
        Assert.Equal(propagateFrom, mount.PropagateFrom);
        Assert.Equal(unbindable, mount.Unbindable);
        Assert.Equal(propagation, mount.Propagation);
        Assert.Equal(words, mount.Propagation.ToWords());
        Assert.Equal(propagationTags, mount.PropagationTags);
    }

    [Fact]
    public void An_empty_source_is_two_spaces()
    {
        MountInfo mount = Tables.Line("760 38 0:60 / /tmp/emptysource rw,relatime shared:410 - tmpfs  rw,seclabel");

        Assert.Equal(string.Empty, mount.Source);
        Assert.Equal("tmpfs", mount.FsType);
        Assert.Equal("rw,seclabel", mount.SuperOptions);
    }

    [Fact]
    public void Super_options_are_the_rest_of_the_line_spaces_included()
    {
        MountInfo mount = Tables.Line(@"31 21 0:23 / /DATA rw - cifs //foo/BLA\040BLA/ rw,unc=\\foo\BLA BLA,user=x  trailing ");

        Assert.Equal("//foo/BLA BLA/", mount.Source);
        Assert.Equal(@"rw,unc=\\foo\BLA BLA,user=x  trailing ", mount.SuperOptions);
    }

    [Fact]
    public void Empty_super_options_after_a_trailing_space_are_accepted()
    {
        MountInfo mount = Tables.Line("1 0 8:1 / / rw - ext4 /dev/sda ");

        Assert.Equal("/dev/sda", mount.Source);
        Assert.Equal(string.Empty, mount.SuperOptions);
    }

    [Fact]
    public void Systemds_libmount_cases_parse_as_libmount_reads_them()
    {
        MountInfoParseResult result = MountInfoParser.Parse(Bytes.Lines(
            @"729 38 0:59 / /tmp/„zupa\040zębowa” rw,relatime shared:395 - tmpfs die\040Brühe rw,seclabel",
            @"729 38 0:59 / /tmp/x\012y rw,relatime shared:395 - tmpfs newline rw,seclabel",
            "790 38 0:61 / /tmp/foo\rbar rw,relatime shared:412 - tmpfs tmpfs rw,seclabel"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal("/tmp/„zupa zębowa”", result.Mounts[0].MountPoint);
        Assert.Equal("die Brühe", result.Mounts[0].Source);
        Assert.Equal("/tmp/x\ny", result.Mounts[1].MountPoint);
        Assert.Equal("/tmp/foo\rbar", result.Mounts[2].MountPoint);
    }

    [Fact]
    public void A_one_mebibyte_overlay_line_parses()
    {
        var lower = new StringBuilder();
        for (int i = 0; lower.Length < 1024 * 1024; i++)
        {
            lower.Append(i == 0 ? string.Empty : ":").Append("/var/lib/docker/overlay2/l/LAYER").Append(i);
        }

        string superOptions = $"rw,lowerdir={lower},upperdir=/u,workdir=/w";
        byte[] data = Bytes.Lines(
            "1 0 8:1 / / rw - ext4 /dev/sda rw",
            $"945 1 0:229 / /merged rw,relatime master:267 - overlay overlay {superOptions}",
            "946 945 0:230 / /merged/proc rw - proc proc rw");

        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.Mounts.Length);
        Assert.True(superOptions.Length > 1024 * 1024);
        Assert.Equal(superOptions, result.Mounts[1].SuperOptions);
        Assert.Equal(946, result.Mounts[2].Id);
    }

    [Fact]
    public void A_long_escaped_mount_point_decodes()
    {
        // Longer than the parser's stack buffer, so the pooled buffer path runs.
        string part = string.Concat(Enumerable.Repeat(@"dir\040with\011escapes/", 2000));
        MountInfo mount = Tables.Line($"1 0 8:1 / /{part}end rw - ext4 /dev/sda rw");

        Assert.Equal("/" + string.Concat(Enumerable.Repeat("dir with\tescapes/", 2000)) + "end", mount.MountPoint);
    }

    [Fact]
    public void A_file_without_a_final_newline_still_gives_its_last_line()
    {
        MountInfoParseResult result = MountInfoParser.Parse("1 0 8:1 / / rw - ext4 /dev/sda rw\n2 1 0:2 / /tmp rw - tmpfs tmpfs rw"u8);

        Assert.Empty(result.Diagnostics);
        Assert.Equal([1, 2], result.Mounts.Ids());
        Assert.Equal("rw", result.Mounts[1].SuperOptions);
        Assert.Equal(2, result.Mounts[1].Line);
    }

    [Fact]
    public void An_empty_file_has_no_mounts_and_no_diagnostics()
    {
        MountInfoParseResult result = MountInfoParser.Parse([]);

        Assert.Empty(result.Mounts);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Empty_lines_are_skipped_but_counted()
    {
        MountInfoParseResult result = MountInfoParser.Parse("\n1 0 8:1 / / rw - ext4 /dev/sda rw\n\n\n2 1 0:2 / /tmp rw - tmpfs tmpfs rw\n"u8);

        Assert.Empty(result.Diagnostics);
        Assert.Equal([2, 5], result.Mounts.Select(m => m.Line));
    }

    /// <summary>
    /// Decision: a CR is data. The kernel never ends lines with CRLF and does not escape CR in paths
    /// (util-linux's sample has a raw CR in a mount point), so a CR is kept where it is, which keeps
    /// parsing lossless. A CRLF file therefore parses, with the CR at the end of the super options.
    /// </summary>
    [Fact]
    public void A_carriage_return_is_data_so_a_crlf_file_keeps_it_at_the_end_of_the_super_options()
    {
        MountInfoParseResult result = MountInfoParser.Parse("1 0 8:1 / / rw - ext4 /dev/sda rw\r\n2 1 0:2 / /tmp rw - tmpfs tmpfs rw,size=1k\r\n"u8);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("rw\r", result.Mounts[0].SuperOptions);
        Assert.Equal("rw,size=1k\r", result.Mounts[1].SuperOptions);
        Assert.Equal("/tmp", result.Mounts[1].MountPoint);
    }

    [Fact]
    public void ParseLine_reads_one_line_or_says_why_not()
    {
        MountInfo? good = MountInfoParser.ParseLine("5 1 0:2 / /run rw - tmpfs tmpfs rw"u8, out string? noError);
        MountInfo? bad = MountInfoParser.ParseLine("5 1 0:2 / /run rw"u8, out string? error);

        Assert.NotNull(good);
        Assert.Null(noError);
        Assert.Equal("/run", good.MountPoint);
        Assert.Null(bad);
        Assert.Contains("'-'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_covers_every_field_but_the_line_number()
    {
        MountInfo a = Tables.Line("1 0 8:1 / / rw shared:1 - ext4 /dev/sda rw");
        MountInfo sameOnAnotherLine = a with { Line = 9 };

        Assert.Equal(a, sameOnAnotherLine);
        Assert.Equal(a.GetHashCode(), sameOnAnotherLine.GetHashCode());
        Assert.NotEqual(a, a with { Id = 2 });
        Assert.NotEqual(a, a with { ParentId = 2 });
        Assert.NotEqual(a, a with { Major = 2 });
        Assert.NotEqual(a, a with { Minor = 2 });
        Assert.NotEqual(a, a with { Root = "/x" });
        Assert.NotEqual(a, a with { MountPoint = "/x" });
        Assert.NotEqual(a, a with { MountOptions = "ro" });
        Assert.NotEqual(a, a with { OptionalFields = ["shared:2"] });
        Assert.NotEqual(a, a with { FsType = "xfs" });
        Assert.NotEqual(a, a with { Source = "/dev/sdb" });
        Assert.NotEqual(a, a with { SuperOptions = "ro" });
        Assert.NotEqual(a, a with { Shared = 2 });
        Assert.NotEqual(a, a with { Master = 2 });
        Assert.NotEqual(a, a with { PropagateFrom = 2 });
        Assert.NotEqual(a, a with { Unbindable = true });
    }
}
