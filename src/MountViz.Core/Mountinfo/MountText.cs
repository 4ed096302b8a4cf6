using System.Buffers;
using System.Text;

namespace MountViz.Core.Mountinfo;

/// <summary>
/// Byte-exact text for Linux paths. Paths need not be UTF-8, so bytes that are not valid UTF-8
/// are carried in strings as lone low surrogates U+DC80..U+DCFF (Python's "surrogateescape",
/// PEP 383). <see cref="Decode"/> and <see cref="Encode"/> round-trip any byte sequence.
/// </summary>
public static class MountText
{
    private const char EscapeBase = '\uDC00';

    /// <summary>Decodes raw bytes (no mountinfo escapes) into a lossless string.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (Ascii.IsValid(bytes))
        {
            return Encoding.Latin1.GetString(bytes);
        }

        return DecodeSlow(bytes);
    }

    private static string DecodeSlow(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                int written = rune.EncodeToUtf16(pair);
                builder.Append(pair[..written]);
                bytes = bytes[consumed..];
            }
            else
            {
                // Each byte of an invalid sequence is kept on its own, as the kernel keeps it.
                builder.Append((char)(EscapeBase + bytes[0]));
                bytes = bytes[1..];
            }
        }

        return builder.ToString();
    }

    /// <summary>Encodes a string made by <see cref="Decode"/> back into its exact bytes.</summary>
    public static byte[] Encode(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var buffer = new ArrayBufferWriter<byte>(text.Length);
        Encode(text, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the exact bytes of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public static void Encode(string text, IBufferWriter<byte> output)
    {
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            int escaped = IndexOfEscapedByte(rest);
            ReadOnlySpan<char> plain = escaped < 0 ? rest : rest[..escaped];
            if (!plain.IsEmpty)
            {
                int count = Encoding.UTF8.GetByteCount(plain);
                Encoding.UTF8.GetBytes(plain, output.GetSpan(count));
                output.Advance(count);
            }

            if (escaped < 0)
            {
                break;
            }

            output.GetSpan(1)[0] = (byte)(rest[escaped] - EscapeBase);
            output.Advance(1);
            rest = rest[(escaped + 1)..];
        }
    }

    /// <summary>
    /// Text for display and JSON: valid text as is, each byte that is not valid UTF-8 as a
    /// kernel-style octal escape (<c>\377</c>).
    /// </summary>
    public static string ToDisplay(string text)
    {
        int escaped = IndexOfEscapedByte(text);
        if (escaped < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        builder.Append(text, 0, escaped);
        for (int i = escaped; i < text.Length; i++)
        {
            char c = text[i];
            if (IsEscapedByte(text, i))
            {
                AppendOctal(builder, (byte)(c - EscapeBase));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reverses <see cref="ToDisplay"/>: each <c>\ooo</c> escape of a byte of 0x80 or more
    /// becomes that byte again. Other text is kept as is.
    /// </summary>
    public static string FromDisplay(string display)
    {
        if (!display.Contains('\\', StringComparison.Ordinal))
        {
            return display;
        }

        var builder = new StringBuilder(display.Length);
        for (int i = 0; i < display.Length; i++)
        {
            if (display[i] == '\\' && TryOctal(display.AsSpan(i + 1), out byte value) && value >= 0x80)
            {
                builder.Append((char)(EscapeBase + value));
                i += 3;
            }
            else
            {
                builder.Append(display[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>True when the text carries at least one byte that is not valid UTF-8.</summary>
    public static bool HasEscapedBytes(string text) => IndexOfEscapedByte(text) >= 0;

    /// <summary>
    /// True when <c>text[index]</c> stands for a raw byte: a low surrogate U+DC80..U+DCFF that is not
    /// the second half of a pair. Supplementary characters such as U+1F480 (D83D DC80) have low
    /// halves in that range too; <see cref="Decode"/> never writes a lone high surrogate, so the char
    /// before tells the two apart.
    /// </summary>
    internal static bool IsEscapedByte(ReadOnlySpan<char> text, int index) =>
        text[index] is >= '\uDC80' and <= '\uDCFF' && (index == 0 || !char.IsHighSurrogate(text[index - 1]));

    private static int IndexOfEscapedByte(ReadOnlySpan<char> text)
    {
        int start = 0;
        while (true)
        {
            int found = text[start..].IndexOfAnyInRange('\uDC80', '\uDCFF');
            if (found < 0)
            {
                return -1;
            }

            found += start;
            if (IsEscapedByte(text, found))
            {
                return found;
            }

            start = found + 1;
        }
    }

    internal static void AppendOctal(StringBuilder builder, byte value)
    {
        builder.Append('\\')
            .Append((char)('0' + (value >> 6)))
            .Append((char)('0' + ((value >> 3) & 7)))
            .Append((char)('0' + (value & 7)));
    }

    private static bool TryOctal(ReadOnlySpan<char> digits, out byte value)
    {
        value = 0;
        if (digits.Length < 3)
        {
            return false;
        }

        int result = 0;
        for (int i = 0; i < 3; i++)
        {
            int d = digits[i] - '0';
            if ((uint)d > 7)
            {
                return false;
            }

            result = (result << 3) | d;
        }

        if (result > 0xFF)
        {
            return false;
        }

        value = (byte)result;
        return true;
    }
}
