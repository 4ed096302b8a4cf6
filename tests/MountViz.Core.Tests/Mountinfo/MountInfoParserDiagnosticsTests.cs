using System.Text;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Mountinfo;

/// <summary>
/// Malformed lines never throw and are never dropped silently: each gives one diagnostic with its
/// line number, the file offset of the bad field (or of the line's end, where a field is missing)
/// and what was expected; the good lines around it still parse.
/// </summary>
public sealed class MountInfoParserDiagnosticsTests
{
    private const string Before = "15 20 0:3 / /proc rw,relatime - proc /proc rw";
    private const string After = "16 20 0:15 / /sys rw,relatime - sysfs /sysfs rw";

    /// <summary>
    /// The bad line, where the diagnostic must point (a marker: <c>^</c> at the bad field, or
    /// <c>$</c> for the end of the line), and words the message must contain.
    /// </summary>
    public static TheoryData<string, string, string> Malformed => new()
    {
        { "x15 20 0:3 / /a rw - proc proc rw", "^", "mount ID" },
        { "-1 20 0:3 / /a rw - proc proc rw", "^", "mount ID" },
        { "99999999999 20 0:3 / /a rw - proc proc rw", "^", "mount ID" },
        { "15 2x 0:3 / /a rw - proc proc rw", "15 ^", "parent ID" },
        { "15 +2 0:3 / /a rw - proc proc rw", "15 ^", "parent ID" },
        { "15 20 0-3 / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15 20 :3 / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15 20 0: / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15 20 0:3x / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15 20 +0:3 / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15 20 0:3:4 / /a rw - proc proc rw", "15 20 ^", "major:minor" },
        { "15", "$", "parent ID" },
        { "15 20", "$", "major:minor" },
        { "15 20 0:3", "$", "root" },
        { "15 20 0:3  /a rw - proc proc rw", "15 20 0:3 ^", "root" },
        { "15 20 0:3 /", "$", "mount point" },
        { "15 20 0:3 / /a", "$", "mount options" },
        { "15 20 0:3 / /a rw", "$", "'-'" },
        { "15 20 0:3 / /a rw shared:1 proc proc rw", "$", "'-'" },
        { "15 20 0:3 / /a rw  - proc proc rw", "15 20 0:3 / /a rw ^", "optional field" },
        { "15 20 0:3 / /a rw -", "$", "filesystem type" },
        { "15 20 0:3 / /a rw - ", "$", "filesystem type" },
        { "15 20 0:3 / /a rw -  proc rw", "15 20 0:3 / /a rw - ^", "filesystem type" },
        { "15 20 0:3 / /a rw - proc", "$", "source" },
        { "15 20 0:3 / /a rw - proc proc", "$", "super options" },
        { " 15 20 0:3 / /a rw - proc proc rw", "^", "mount ID" },
        { "\t", "^", "mount ID" },
        { "garbage", "^", "mount ID" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_bad_line_gives_a_diagnostic_at_the_bad_field_and_the_lines_around_it_parse(string bad, string marker, string expected)
    {
        byte[] data = Bytes.Lines(Before, bad, After);
        int lineStart = Encoding.UTF8.GetByteCount(Before) + 1;
        int column = marker == "$" ? Encoding.UTF8.GetByteCount(bad) : marker.IndexOf('^', StringComparison.Ordinal);

        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Equal([15, 16], result.Mounts.Ids());
        Assert.Equal([1, 3], result.Mounts.Select(m => m.Line));
        MountInfoDiagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(2, diagnostic.Line);
        Assert.Equal(lineStart + column, diagnostic.ByteOffset);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith("expected ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(bad, diagnostic.Text);
        Assert.Contains("line 2 (byte ", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_last_line_without_a_newline_is_reported()
    {
        byte[] data = Bytes.Utf8(Before + "\n15 20 0:3 / /a rw - proc proc");

        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Single(result.Mounts);
        MountInfoDiagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(2, diagnostic.Line);
        Assert.Equal(data.Length, diagnostic.ByteOffset);
    }

    [Fact]
    public void Every_bad_line_of_a_file_gets_its_own_diagnostic()
    {
        byte[] data = Bytes.Lines("nonsense", Before, "1 2 3", "", After, "4 5 6:7 / /x");

        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Equal([2, 5], result.Mounts.Select(m => m.Line));
        Assert.Equal([1, 3, 6], result.Diagnostics.Select(d => d.Line));
        Assert.Equal(Bytes.NonEmptyLines(data), result.Mounts.Length + result.Diagnostics.Length);
    }

    [Fact]
    public void A_diagnostic_shows_bytes_that_are_not_utf8_as_octal()
    {
        MountInfoParseResult result = MountInfoParser.Parse(Bytes.Raw("1 0 8:1 /\u00ff\n"));

        MountInfoDiagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(@"1 0 8:1 /\377", diagnostic.Text);
        Assert.Equal(10, diagnostic.ByteOffset); // the missing mount point: the end of the line
    }
}
