using System.Buffers;
using System.Text;

namespace MountViz.Core.Mountinfo;

/// <summary>Writes mounts back as mountinfo lines, escaping as the kernel does (<c>\040</c> etc.).</summary>
public static class MountInfoFormatter
{
    /// <summary>The mountinfo line for a mount (no newline), as bytes.</summary>
    public static byte[] FormatLine(MountInfo mount)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteLine(mount, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The mountinfo line for display (bytes that are not UTF-8 as octal escapes).</summary>
    public static string FormatDisplayLine(MountInfo mount) =>
        MountText.ToDisplay(MountText.Decode(FormatLine(mount)));

    /// <summary>A whole mountinfo file: one line per mount, each ending in a newline.</summary>
    public static byte[] Format(IEnumerable<MountInfo> mounts)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (MountInfo mount in mounts)
        {
            WriteLine(mount, buffer);
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one line (no newline).</summary>
    public static void WriteLine(MountInfo mount, IBufferWriter<byte> output)
    {
        var text = new StringBuilder(128);
        text.Append(mount.Id).Append(' ').Append(mount.ParentId).Append(' ')
            .Append(mount.Major).Append(':').Append(mount.Minor).Append(' ');
        Write(text, output);
        WriteEscaped(mount.Root, output);
        output.Write(" "u8);
        WriteEscaped(mount.MountPoint, output);
        output.Write(" "u8);
        MountText.Encode(mount.MountOptions, output);
        foreach (string tag in mount.OptionalFields)
        {
            output.Write(" "u8);
            MountText.Encode(tag, output);
        }

        output.Write(" - "u8);
        WriteEscaped(mount.FsType, output);
        output.Write(" "u8);
        WriteEscaped(mount.Source, output);
        output.Write(" "u8);
        MountText.Encode(mount.SuperOptions, output);
    }

    private static void Write(StringBuilder text, IBufferWriter<byte> output)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            int count = Encoding.UTF8.GetByteCount(chunk.Span);
            Encoding.UTF8.GetBytes(chunk.Span, output.GetSpan(count));
            output.Advance(count);
        }
    }

    /// <summary>The kernel's <c>mangle()</c>: space, tab, newline and backslash become octal escapes.</summary>
    private static void WriteEscaped(string value, IBufferWriter<byte> output)
    {
        byte[] bytes = MountText.Encode(value);
        foreach (byte b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\\')
            {
                Span<byte> escape = output.GetSpan(4);
                escape[0] = (byte)'\\';
                escape[1] = (byte)('0' + (b >> 6));
                escape[2] = (byte)('0' + ((b >> 3) & 7));
                escape[3] = (byte)('0' + (b & 7));
                output.Advance(4);
            }
            else
            {
                output.GetSpan(1)[0] = b;
                output.Advance(1);
            }
        }
    }
}
