using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// Chrome's sampling profiler over CDP around one measured step: the raw profile is saved as a
/// .cpuprofile (open it in DevTools' Performance panel) and summarised as the functions with
/// the most self time, which is where the time goes.
/// </summary>
internal sealed class CpuProfile(ICDPSession cdp, SourceMap? map)
{
    /// <summary>Starts sampling every 100 µs.</summary>
    public async Task StartAsync()
    {
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 100 });
        await cdp.SendAsync("Profiler.start");
    }

    /// <summary>Stops, writes the profile to <paramref name="path"/> and returns the top <paramref name="top"/> functions by self time.</summary>
    public async Task<string> StopAsync(string path, int top = 12)
    {
        JsonElement? result = await cdp.SendAsync("Profiler.stop");
        JsonElement profile = result!.Value.GetProperty("profile");
        await File.WriteAllTextAsync(path, profile.GetRawText());

        var names = new Dictionary<int, string>();
        var parents = new Dictionary<int, int>();
        var packages = new Dictionary<int, string>();
        foreach (JsonElement node in profile.GetProperty("nodes").EnumerateArray())
        {
            JsonElement frame = node.GetProperty("callFrame");
            string function = frame.GetProperty("functionName").GetString() is { Length: > 0 } f ? f : "(anonymous)";
            string url = frame.GetProperty("url").GetString() ?? "";
            string file = url.Length == 0 ? "" : url[(url.LastIndexOf('/') + 1)..];
            int line = frame.GetProperty("lineNumber").GetInt32();
            int column = frame.GetProperty("columnNumber").GetInt32();
            string where = file.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{file}:{line + 1}");
            string package = file.Length == 0 ? "(native)" : file;
            if (map is not null && file == "graph.js" && map.Resolve(line, column) is { } original)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"{original.Source}:{original.Line}: {original.Text}");
                package = original.Source;
            }

            int id = node.GetProperty("id").GetInt32();
            if (node.TryGetProperty("children", out JsonElement children))
            {
                foreach (JsonElement child in children.EnumerateArray())
                {
                    parents[child.GetInt32()] = id;
                }
            }

            names[id] = where.Length == 0 ? function : $"{function} ({where})";
            packages[id] = package;
        }

        var self = new Dictionary<string, double>(StringComparer.Ordinal);
        var byPackage = new Dictionary<string, double>(StringComparer.Ordinal);
        var ours = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0;
        JsonElement samples = profile.GetProperty("samples");
        JsonElement deltas = profile.GetProperty("timeDeltas");
        for (int i = 0; i < samples.GetArrayLength(); i++)
        {
            // A sample's time is the delta to the next sample.
            double ms = i + 1 < deltas.GetArrayLength() ? deltas[i + 1].GetDouble() / 1000 : 0;
            string name = names[samples[i].GetInt32()];
            self[name] = self.GetValueOrDefault(name) + ms;
            string package = packages[samples[i].GetInt32()];
            byPackage[package] = byPackage.GetValueOrDefault(package) + ms;

            // Inclusive time of our own code: the nearest client/src frame above the sample.
            for (int at = samples[i].GetInt32(); ; at = parents[at])
            {
                if (packages[at].StartsWith("src/", StringComparison.Ordinal))
                {
                    ours[names[at]] = ours.GetValueOrDefault(names[at]) + ms;
                    break;
                }

                if (!parents.ContainsKey(at))
                {
                    break;
                }
            }
            total += ms;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| self ms | share | function |");
        text.AppendLine("|---:|---:|---|");
        foreach ((string name, double ms) in self.Where(s => s.Key is not "(idle)" and not "(program)").OrderByDescending(s => s.Value).Take(top))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {ms:F1} | {ms / total:P0} | `{name.Replace('|', '¦')}` |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| {total:F1} | 100% | (all samples, idle included) |");
        text.AppendLine();
        text.AppendLine("By file: " + string.Join(", ", byPackage.Where(p => p.Key is not "(native)").OrderByDescending(p => p.Value).Take(6)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"`{p.Key}` {p.Value:F0} ms ({p.Value / total:P0})"))) + ".");
        text.AppendLine();
        text.AppendLine("By the nearest client/src function on the stack (inclusive: the library calls it makes count): " + string.Join(", ", ours.OrderByDescending(p => p.Value).Take(6)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"`{p.Key.Replace('|', '¦')}` {p.Value:F0} ms ({p.Value / total:P0})"))) + ".");
        return text.ToString();
    }
}
