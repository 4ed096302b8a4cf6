using System.Buffers.Text;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace MountViz.Core.Mountinfo;

/// <summary>What <see cref="MountInfoParser.Parse"/> found: good lines, and one diagnostic per bad line.</summary>
public sealed record MountInfoParseResult(ImmutableArray<MountInfo> Mounts, ImmutableArray<MountInfoDiagnostic> Diagnostics);

/// <summary>
/// Parses <c>/proc/PID/mountinfo</c> (proc(5)) from bytes. Never throws on content: a line that
/// does not parse becomes a <see cref="MountInfoDiagnostic"/> and the other lines still parse.
/// Lines end at <c>\n</c> only. A CR is data: the kernel does not escape it in paths, so a CRLF
/// file parses, with each CR kept at the end of that line's super options.
/// </summary>
public static class MountInfoParser
{
    /// <summary>Parses a whole mountinfo file.</summary>
    public static MountInfoParseResult Parse(ReadOnlySpan<byte> data)
    {
        var mounts = ImmutableArray.CreateBuilder<MountInfo>(CountLines(data));
        ImmutableArray<MountInfoDiagnostic>.Builder? diagnostics = null;
        int lineNumber = 0;
        int offset = 0;
        while (offset < data.Length)
        {
            ReadOnlySpan<byte> rest = data[offset..];
            int end = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
            lineNumber++;
            if (!line.IsEmpty)
            {
                if (TryParseLine(line, lineNumber, out MountInfo? mount, out int errorAt, out string? error))
                {
                    mounts.Add(mount);
                }
                else
                {
                    diagnostics ??= ImmutableArray.CreateBuilder<MountInfoDiagnostic>();
                    diagnostics.Add(new MountInfoDiagnostic(lineNumber, offset + errorAt, error, MountText.ToDisplay(MountText.Decode(line))));
                }
            }

            offset += end < 0 ? rest.Length : end + 1;
        }

        // Full unless lines were empty or bad: then a copy of the right size is cheaper than keeping the slack.
        return new MountInfoParseResult(
            mounts.Count == mounts.Capacity ? mounts.MoveToImmutable() : mounts.ToImmutable(),
            diagnostics?.ToImmutable() ?? []);
    }

    /// <summary>Parses one line (without its newline).</summary>
    /// <returns>The mount, or null with <paramref name="error"/> saying what was expected.</returns>
    public static MountInfo? ParseLine(ReadOnlySpan<byte> line, out string? error)
    {
        if (TryParseLine(line, 0, out MountInfo? mount, out _, out error))
        {
            return mount;
        }

        return null;
    }

    private static int CountLines(ReadOnlySpan<byte> data)
    {
        // Exact (and vectorized), so the builder never regrows and its array becomes the result
        // without a copy. An overestimate of a large file would be a needless array on the large
        // object heap, whose allocations bring on full (gen2) collections.
        int newlines = data.Count((byte)'\n');
        return data.IsEmpty || data[^1] == (byte)'\n' ? newlines : newlines + 1;
    }

    private static bool TryParseLine(
        ReadOnlySpan<byte> line,
        int lineNumber,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MountInfo? mount,
        out int errorAt,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        mount = null;
        var cursor = new FieldCursor(line);

        if (!cursor.Next(out ReadOnlySpan<byte> field) || !TryInt(field, out int id))
        {
            return Fail(cursor, "expected the mount ID (field 1, a decimal number)", out errorAt, out error);
        }

        if (!cursor.Next(out field) || !TryInt(field, out int parentId))
        {
            return Fail(cursor, "expected the parent ID (field 2, a decimal number)", out errorAt, out error);
        }

        if (!cursor.Next(out field) || !TryDevice(field, out uint major, out uint minor))
        {
            return Fail(cursor, "expected major:minor (field 3, two decimal numbers)", out errorAt, out error);
        }

        if (!cursor.Next(out ReadOnlySpan<byte> root) || root.IsEmpty)
        {
            return Fail(cursor, "expected the root (field 4, a path)", out errorAt, out error);
        }

        if (!cursor.Next(out ReadOnlySpan<byte> mountPoint) || mountPoint.IsEmpty)
        {
            return Fail(cursor, "expected the mount point (field 5, a path)", out errorAt, out error);
        }

        if (!cursor.Next(out ReadOnlySpan<byte> options) || options.IsEmpty)
        {
            return Fail(cursor, "expected the mount options (field 6)", out errorAt, out error);
        }

        // The tags are consecutive fields, one space apart: remember where they lie and decode
        // them once the count is known, into one array of the right size.
        int tagsStart = 0, tagsEnd = 0, tagCount = 0;
        int? shared = null, master = null, propagateFrom = null;
        bool unbindable = false;
        while (true)
        {
            if (!cursor.Next(out field))
            {
                return Fail(cursor, "expected the separator '-' after the optional fields (field 8)", out errorAt, out error);
            }

            if (field.Length == 1 && field[0] == (byte)'-')
            {
                break;
            }

            if (field.IsEmpty)
            {
                return Fail(cursor, "expected an optional field or the separator '-', found an empty field", out errorAt, out error);
            }

            if (tagCount++ == 0)
            {
                tagsStart = cursor.FieldStart;
            }

            tagsEnd = cursor.FieldStart + field.Length;
            ClassifyTag(field, ref shared, ref master, ref propagateFrom, ref unbindable);
        }

        if (!cursor.Next(out ReadOnlySpan<byte> fsType) || fsType.IsEmpty)
        {
            return Fail(cursor, "expected the filesystem type (field 9) after '-'", out errorAt, out error);
        }

        // An empty source is legal (kernels before 5.1 print two spaces).
        if (!cursor.Next(out ReadOnlySpan<byte> source))
        {
            return Fail(cursor, "expected the mount source (field 10) after the filesystem type", out errorAt, out error);
        }

        if (cursor.AtEnd)
        {
            // The line ends with the source: the missing field starts where the line ends.
            errorAt = line.Length;
            error = "expected the super options (field 11) after the mount source";
            return false;
        }

        // The super options are the rest of the line: old cifs printed unescaped spaces in them.
        ReadOnlySpan<byte> superOptions = cursor.Rest;

        mount = new MountInfo
        {
            Id = id,
            ParentId = parentId,
            Major = major,
            Minor = minor,
            Root = Unescape(root),
            MountPoint = Unescape(mountPoint),
            MountOptions = MountText.Decode(options),
            OptionalFields = DecodeTags(line[tagsStart..tagsEnd], tagCount),
            Shared = shared,
            Master = master,
            PropagateFrom = propagateFrom,
            Unbindable = unbindable,
            FsType = Unescape(fsType),
            Source = Unescape(source),
            SuperOptions = MountText.Decode(superOptions),
            Line = lineNumber,
        };
        errorAt = 0;
        error = null;
        return true;
    }

    private static bool Fail(in FieldCursor cursor, string message, out int errorAt, out string error)
    {
        errorAt = cursor.FieldStart;
        error = message;
        return false;
    }

    private static ImmutableArray<string> DecodeTags(ReadOnlySpan<byte> tags, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var decoded = new string[count];
        int next = 0;
        foreach (Range tag in tags.Split((byte)' '))
        {
            decoded[next++] = MountText.Decode(tags[tag]);
        }

        // The array is not shared with anyone, so it can become the immutable array without a copy.
        return ImmutableCollectionsMarshal.AsImmutableArray(decoded);
    }

    private static void ClassifyTag(ReadOnlySpan<byte> tag, ref int? shared, ref int? master, ref int? propagateFrom, ref bool unbindable)
    {
        if (tag.SequenceEqual("unbindable"u8))
        {
            unbindable = true;
        }
        else if (tag.StartsWith("shared:"u8) && TryInt(tag[7..], out int group))
        {
            shared = group;
        }
        else if (tag.StartsWith("master:"u8) && TryInt(tag[7..], out group))
        {
            master = group;
        }
        else if (tag.StartsWith("propagate_from:"u8) && TryInt(tag[15..], out group))
        {
            propagateFrom = group;
        }

        // Any other tag is kept verbatim in OptionalFields and has no meaning here.
    }

    private static bool TryInt(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        return !digits.IsEmpty && digits[0] != (byte)'-' && digits[0] != (byte)'+'
            && Utf8Parser.TryParse(digits, out value, out int consumed) && consumed == digits.Length;
    }

    private static bool TryDevice(ReadOnlySpan<byte> field, out uint major, out uint minor)
    {
        major = minor = 0;
        int colon = field.IndexOf((byte)':');
        return colon > 0
            && Utf8Parser.TryParse(field[..colon], out major, out int used) && used == colon
            && colon + 1 < field.Length
            && Utf8Parser.TryParse(field[(colon + 1)..], out minor, out used) && used == field.Length - colon - 1;
    }

    /// <summary>Decodes the kernel's <c>\ooo</c> escapes; a backslash not followed by three octal digits is kept.</summary>
    internal static string Unescape(ReadOnlySpan<byte> field)
    {
        // Most roots are "/": one shared string rather than one per line.
        if (field.Length == 1 && field[0] == (byte)'/')
        {
            return "/";
        }

        int backslash = field.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return MountText.Decode(field);
        }

        return UnescapeSlow(field, backslash);
    }

    private static string UnescapeSlow(ReadOnlySpan<byte> field, int backslash)
    {
        byte[]? rented = null;
        Span<byte> buffer = field.Length <= 512
            ? stackalloc byte[field.Length]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(field.Length));
        try
        {
            field[..backslash].CopyTo(buffer);
            int written = backslash;
            for (int i = backslash; i < field.Length; i++)
            {
                byte b = field[i];
                if (b == (byte)'\\' && IsOctal(field, i + 1))
                {
                    buffer[written++] = (byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0'));
                    i += 3;
                }
                else
                {
                    buffer[written++] = b;
                }
            }

            return MountText.Decode(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsOctal(ReadOnlySpan<byte> field, int start)
    {
        if (start + 3 > field.Length)
        {
            return false;
        }

        // The first digit is at most 3: \ooo encodes one byte.
        return field[start] is >= (byte)'0' and <= (byte)'3'
            && field[start + 1] is >= (byte)'0' and <= (byte)'7'
            && field[start + 2] is >= (byte)'0' and <= (byte)'7';
    }

    /// <summary>Walks the space-separated fields of one line; an empty field (two spaces) is a field.</summary>
    private ref struct FieldCursor(ReadOnlySpan<byte> line)
    {
        private readonly ReadOnlySpan<byte> _line = line;
        private int _position;
        private bool _done;

        /// <summary>Where the field returned last (or the one that failed) starts in the line.</summary>
        public int FieldStart { get; private set; }

        /// <summary>Everything after the last field returned.</summary>
        public readonly bool AtEnd => _done;

        public readonly ReadOnlySpan<byte> Rest => _done ? default : _line[_position..];

        public bool Next(out ReadOnlySpan<byte> field)
        {
            FieldStart = Math.Min(_position, _line.Length);
            if (_done)
            {
                field = default;
                return false;
            }

            ReadOnlySpan<byte> rest = _line[_position..];
            int space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                field = rest;
                _position = _line.Length;
                _done = true;
            }
            else
            {
                field = rest[..space];
                _position += space + 1;
            }

            return true;
        }
    }
}
