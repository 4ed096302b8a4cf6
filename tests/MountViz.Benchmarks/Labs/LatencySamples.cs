using System.Diagnostics;
using System.Globalization;

namespace MountViz.Benchmarks.Labs;

/// <summary>Timings of one kind of event, in milliseconds, with nearest-rank percentiles.</summary>
internal sealed class LatencySamples(string name)
{
    private readonly List<double> _milliseconds = [];

    /// <summary>What was measured (a row of the table).</summary>
    public string Name { get; } = name;

    /// <summary>How many samples there are.</summary>
    public int Count => _milliseconds.Count;

    /// <summary>Adds the time from <paramref name="start"/> to <paramref name="end"/> (<see cref="Stopwatch"/> timestamps).</summary>
    public void Add(long start, long end) => _milliseconds.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);

    /// <summary>The nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of the samples at or below it.</summary>
    public double Percentile(int percent)
    {
        double[] sorted = [.. _milliseconds.Order()];
        int index = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    /// <summary>The slowest sample.</summary>
    public double Max => _milliseconds.Max();

    /// <summary>One Markdown table row: name, count, p50, p90, p99, max, and the target verdict when there is one.</summary>
    public string Row(double? p50Target = null)
    {
        string verdict = p50Target is double target
            ? (Percentile(50) < target ? $"p50 < {target:0} ms: met" : $"p50 < {target:0} ms: NOT met")
            : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Name} | {Count} | {Percentile(50):F2} | {Percentile(90):F2} | {Percentile(99):F2} | {Max:F2} | {verdict} |");
    }
}
