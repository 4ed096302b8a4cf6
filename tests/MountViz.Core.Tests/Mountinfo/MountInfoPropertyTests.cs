using System.Text;
using CsCheck;
using MountViz.Core.Mountinfo;
using MountViz.Core.Tests.TestSupport;

namespace MountViz.Core.Tests.Mountinfo;

/// <summary>Format→parse round trips over generated mounts; random and truncated input never throws.</summary>
public sealed class MountInfoPropertyTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void Formatting_then_parsing_gives_the_same_mounts_and_no_diagnostics()
    {
        MountInfoGenerators.Mount.Array[0, 8].Sample(mounts =>
        {
            byte[] file = MountInfoFormatter.Format(mounts);

            MountInfoParseResult result = MountInfoParser.Parse(file);

            Assert.Empty(result.Diagnostics);
            Assert.Equal(mounts, result.Mounts.ToArray());
            Assert.Equal(Enumerable.Range(1, mounts.Length), result.Mounts.Select(m => m.Line));
        }, iter: 3000);
    }

    [Fact]
    public void One_formatted_line_parses_back_to_an_equal_mount()
    {
        MountInfoGenerators.Mount.Sample(mount =>
        {
            MountInfo? parsed = MountInfoParser.ParseLine(MountInfoFormatter.FormatLine(mount), out string? error);

            Assert.Null(error);
            Assert.Equal(mount, parsed);
        }, iter: 3000);
    }

    [Fact]
    public void Text_fields_round_trip_through_bytes_and_display()
    {
        MountInfoGenerators.Path.Sample(text =>
        {
            Assert.Equal(text, MountText.Decode(MountText.Encode(text)));
            string display = MountText.ToDisplay(text);

            // Display text is well-formed UTF-16 (JSON and browsers need that) and only differs where raw bytes are.
            Assert.Null(Record.Exception(() => StrictUtf8.GetByteCount(display)));
            if (!MountText.HasEscapedBytes(text))
            {
                Assert.Equal(text, display);
            }

            if (!text.Contains('\\', StringComparison.Ordinal))
            {
                Assert.Equal(text, MountText.FromDisplay(display));
            }
        }, iter: 3000);
    }

    [Fact]
    public void Random_bytes_never_throw_and_every_non_empty_line_is_a_mount_or_a_diagnostic()
    {
        MountInfoGenerators.AnyByte.Array[0, 400].Sample(data => { CheckAccounted(data); }, iter: 3000);
    }

    [Fact]
    public void Truncated_lines_never_throw_and_are_accounted_for()
    {
        Gen.Select(MountInfoGenerators.Mount, Gen.Int[0, int.MaxValue]).Sample((mount, cut) =>
        {
            byte[] line = MountInfoFormatter.FormatLine(mount);
            byte[] truncated = [.. line.AsSpan(0, cut % (line.Length + 1)), (byte)'\n', .. line, (byte)'\n'];

            MountInfoParseResult result = CheckAccounted(truncated);

            // The untouched copy after the truncated line always parses.
            Assert.Equal(mount, result.Mounts[^1]);
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_lines_never_throw_and_are_accounted_for()
    {
        Gen.Select(MountInfoGenerators.Mount, Gen.Int[0, int.MaxValue], MountInfoGenerators.AnyByte).Sample((mount, where, with) =>
        {
            byte[] line = MountInfoFormatter.FormatLine(mount);
            line[where % line.Length] = with;

            CheckAccounted(line);
        }, iter: 3000);
    }

    private static MountInfoParseResult CheckAccounted(byte[] data)
    {
        MountInfoParseResult result = MountInfoParser.Parse(data);

        Assert.Equal(Bytes.NonEmptyLines(data), result.Mounts.Length + result.Diagnostics.Length);
        var lines = new List<(int Start, int End)>();
        for (int start = 0; start <= data.Length;)
        {
            int newline = data.AsSpan(start).IndexOf((byte)'\n');
            int end = newline < 0 ? data.Length : start + newline;
            lines.Add((start, end));
            start = end + 1;
        }

        var used = new HashSet<int>();
        foreach (MountInfoDiagnostic diagnostic in result.Diagnostics)
        {
            (int start, int end) = lines[diagnostic.Line - 1];
            Assert.InRange(diagnostic.ByteOffset, start, end);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            Assert.True(used.Add(diagnostic.Line));
        }

        foreach (MountInfo mount in result.Mounts)
        {
            Assert.True(used.Add(mount.Line), $"line {mount.Line} gave a mount and something else");
            Assert.True(lines[mount.Line - 1].End > lines[mount.Line - 1].Start);
        }

        return result;
    }
}
