using System.Text.Json;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// Reads a source map (version 3) so the profile of the minified bundle names the original
/// files and lines: which package (cytoscape, dagre, the graph module) the time goes to.
/// </summary>
internal sealed class SourceMap
{
    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly string[] _sources;
    private readonly string?[] _contents;
    private readonly List<(int Column, int Source, int Line)>[] _lines;

    private SourceMap(string[] sources, string?[] contents, List<(int, int, int)>[] lines)
    {
        _sources = sources;
        _contents = contents;
        _lines = lines;
    }

    /// <summary>Loads <paramref name="path"/>.</summary>
    public static SourceMap Load(string path)
    {
        using JsonDocument map = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = map.RootElement;
        string[] sources = [.. root.GetProperty("sources").EnumerateArray().Select(s => s.GetString() ?? "?")];
        string?[] contents = root.TryGetProperty("sourcesContent", out JsonElement c) ? [.. c.EnumerateArray().Select(s => s.GetString())] : new string?[sources.Length];
        string mappings = root.GetProperty("mappings").GetString() ?? "";
        var lines = new List<List<(int, int, int)>>();
        int source = 0, line = 0;
        foreach (string generatedLine in mappings.Split(';'))
        {
            var segments = new List<(int, int, int)>();
            int column = 0;
            foreach (string segment in generatedLine.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int[] fields = Decode(segment);
                column += fields[0];
                if (fields.Length >= 4)
                {
                    source += fields[1];
                    line += fields[2];
                    segments.Add((column, source, line));
                }
            }

            lines.Add(segments);
        }

        return new SourceMap(sources, contents, [.. lines]);
    }

    /// <summary>The original file (its package path), line (1-based) and that line's text, for a 0-based generated position.</summary>
    public (string Source, int Line, string Text)? Resolve(int line, int column)
    {
        if (line < 0 || line >= _lines.Length)
        {
            return null;
        }

        List<(int Column, int Source, int Line)> segments = _lines[line];
        int index = segments.FindLastIndex(s => s.Column <= column);
        if (index < 0)
        {
            return null;
        }

        (_, int source, int originalLine) = segments[index];
        string text = _contents[source] is string content ? content.Split('\n').ElementAtOrDefault(originalLine)?.Trim() ?? "" : "";
        return (Short(_sources[source]), originalLine + 1, text.Length > 80 ? text[..80] + "…" : text);
    }

    /// <summary>The package a bundled file came from, or the file under client/src.</summary>
    public static string Short(string source)
    {
        int modules = source.LastIndexOf("node_modules/", StringComparison.Ordinal);
        if (modules >= 0)
        {
            string rest = source[(modules + "node_modules/".Length)..];
            string[] parts = rest.Split('/');
            string package = parts[0].StartsWith('@') && parts.Length > 1 ? parts[0] + "/" + parts[1] : parts[0];
            return package + "/" + parts[^1];
        }

        int src = source.IndexOf("client/src/", StringComparison.Ordinal);
        return src >= 0 ? source[(src + "client/".Length)..] : source;
    }

    private static int[] Decode(string segment)
    {
        var values = new List<int>(5);
        int value = 0, shift = 0;
        foreach (char ch in segment)
        {
            int digit = Base64.IndexOf(ch, StringComparison.Ordinal);
            value += (digit & 31) << shift;
            if ((digit & 32) != 0)
            {
                shift += 5;
                continue;
            }

            values.Add((value & 1) != 0 ? -(value >> 1) : value >> 1);
            value = 0;
            shift = 0;
        }

        return [.. values];
    }
}
