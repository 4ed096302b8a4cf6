using System.Globalization;

namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// One record of libmount's field dump (<c>mnt_fs_print_debug</c>, as in util-linux
/// tests/expected/libmount/tabfiles-parse-*): <c>------ fs:</c>, then <c>key: value</c> lines.
/// </summary>
internal sealed record LibmountDump(IReadOnlyDictionary<string, string> Fields)
{
    // mnt_fs_print_debug pads these labels to 8 columns ("root:   /"); the others get one space.
    private static readonly string[] PaddedKeys = ["root", "id", "parent", "devno"];

    /// <summary>The value of a key, or null when libmount did not print it.</summary>
    public string? this[string key] => Fields.TryGetValue(key, out string? value) ? value : null;

    /// <summary>A numeric field; libmount omits id, parent and devno when they are 0.</summary>
    public int Number(string key) => this[key] is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;

    /// <summary>Parses a whole dump file.</summary>
    public static IReadOnlyList<LibmountDump> ParseFile(string text)
    {
        var records = new List<LibmountDump>();
        Dictionary<string, string>? current = null;
        foreach (string line in text.Split('\n'))
        {
            if (line == "------ fs:")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                records.Add(new LibmountDump(current));
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (current is null)
            {
                throw new FormatException($"libmount dump: a field before the first '------ fs:' line: '{line}'");
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon + 1 >= line.Length || line[colon + 1] != ' ')
            {
                throw new FormatException($"libmount dump: expected 'key: value', found '{line}'");
            }

            string key = line[..colon];
            string value = PaddedKeys.Contains(key) ? line[(colon + 1)..].TrimStart(' ') : line[(colon + 2)..];
            if (!current.TryAdd(key, value))
            {
                throw new FormatException($"libmount dump: key '{key}' twice in one record");
            }
        }

        return records;
    }
}
