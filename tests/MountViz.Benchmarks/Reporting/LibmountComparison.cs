using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MountViz.Benchmarks.Generation;
using MountViz.Benchmarks.Parsing;

namespace MountViz.Benchmarks.Reporting;

/// <summary>
/// Puts MountViz's figures from a BenchmarkDotNet summary beside the libmount harness's output
/// (libmount/bench.c) for the same files, one row per file, time per line.
/// </summary>
public static class LibmountComparison
{
    /// <summary>One libmount result row of bench.c's output.</summary>
    private sealed record LibmountResult(int Lines, double MedianNsPerLine, double BestNsPerLine);

    /// <summary>Builds the markdown table from the summaries and bench.c's output file.</summary>
    public static string Format(IEnumerable<Summary> summaries, string libmountOutputPath)
    {
        string[] lines = File.ReadAllLines(libmountOutputPath);
        string version = lines.FirstOrDefault(l => l.StartsWith("# libmount ", StringComparison.Ordinal)) is { } header
            ? header["# ".Length..header.IndexOf(';', StringComparison.Ordinal)]
            : "libmount";
        var libmount = new Dictionary<string, LibmountResult>(StringComparer.Ordinal);
        foreach (string line in lines.Where(l => l.Length > 0 && l[0] != '#'))
        {
            string[] fields = line.Split('\t');
            if (fields.Length < 4)
            {
                throw new FormatException($"'{libmountOutputPath}': expected 'file<TAB>lines<TAB>median<TAB>best...' from bench.c, got '{line}'.");
            }

            libmount[Path.GetFileNameWithoutExtension(fields[0])] = new LibmountResult(
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                double.Parse(fields[2], CultureInfo.InvariantCulture),
                double.Parse(fields[3], CultureInfo.InvariantCulture));
        }

        Summary[] all = [.. summaries];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| file | mounts | MountViz ns/line (parse+build) | MountViz ns/line (parse only) | MountViz ns/line (parse+build+group indexes) | MountViz B/line (parse+build) | {version} ns/line (median) | ratio MountViz/libmount |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string name in BenchmarkData.Names)
        {
            double? total = PerMount(all, name, nameof(MountTableParseBenchmarks.ParseAndBuild), PerMountColumn.Time);
            double? parse = PerMount(all, name, nameof(MountTableParseBenchmarks.ParseOnly), PerMountColumn.Time);
            double? groups = PerMount(all, name, nameof(MountTableParseBenchmarks.ParseBuildAndGroups), PerMountColumn.Time);
            double? bytes = PerMount(all, name, nameof(MountTableParseBenchmarks.ParseAndBuild), PerMountColumn.Allocated);
            libmount.TryGetValue(name, out LibmountResult? c);
            if (total is null && c is null)
            {
                continue;
            }

            string mounts = (c?.Lines ?? BenchmarkData.MountCount(name)).ToString("N0", CultureInfo.InvariantCulture);
            string ratio = total is double t && c is not null ? (t / c.MedianNsPerLine).ToString("F2", CultureInfo.InvariantCulture) + "x" : "NA";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {mounts} | {Number(total)} | {Number(parse)} | {Number(groups)} | {Number(bytes)} | {Number(c?.MedianNsPerLine)} | {ratio} |");
        }

        return text.ToString();
    }

    private static double? PerMount(Summary[] summaries, string file, string method, PerMountColumn column)
    {
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkCase benchmarkCase in summary.BenchmarksCases)
            {
                if (benchmarkCase.Descriptor.WorkloadMethod.Name == method
                    && benchmarkCase.Parameters["File"] is string name && name == file)
                {
                    return column.Value(summary, benchmarkCase);
                }
            }
        }

        return null;
    }

    private static string Number(double? value) =>
        value is double v ? v.ToString("F1", CultureInfo.InvariantCulture) : "NA";
}
