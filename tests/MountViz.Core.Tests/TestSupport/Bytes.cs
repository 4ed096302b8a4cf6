using System.Text;

namespace MountViz.Core.Tests.TestSupport;

/// <summary>Builds raw mountinfo bytes in tests.</summary>
internal static class Bytes
{
    /// <summary>Text as UTF-8.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Each char U+0000..U+00FF as that one byte: <c>Raw("/mnt/\u00ff")</c> ends in the byte 0xFF,
    /// which is how tests write bytes that are not UTF-8.
    /// </summary>
    public static byte[] Raw(string latin1)
    {
        if (latin1.Any(c => c > '\u00FF'))
        {
            throw new ArgumentException("Raw() takes only chars U+0000..U+00FF, one per byte; use Utf8() for text.", nameof(latin1));
        }

        return Encoding.Latin1.GetBytes(latin1);
    }

    /// <summary>The lines joined, each ending in a newline.</summary>
    public static byte[] Lines(params string[] lines) => Utf8(string.Concat(lines.Select(l => l + "\n")));

    /// <summary>The number of lines that are not empty (what the parser must account for).</summary>
    public static int NonEmptyLines(ReadOnlySpan<byte> data)
    {
        int count = 0;
        foreach (Range range in data.Split((byte)'\n'))
        {
            if (!data[range].IsEmpty)
            {
                count++;
            }
        }

        return count;
    }
}
