using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MountViz.Benchmarks.Generation;

namespace MountViz.Benchmarks.Reporting;

/// <summary>
/// Mean time or allocated bytes of one operation divided by the mounts in its file, so tables
/// of different sizes (and libmount's figures) compare line for line.
/// </summary>
public sealed class PerMountColumn : IColumn
{
    private readonly bool _bytes;

    private PerMountColumn(bool bytes) => _bytes = bytes;

    /// <summary>Nanoseconds per mount (mean).</summary>
    public static PerMountColumn Time { get; } = new(bytes: false);

    /// <summary>Bytes allocated per mount.</summary>
    public static PerMountColumn Allocated { get; } = new(bytes: true);

    /// <inheritdoc/>
    public string Id => _bytes ? "MountViz.BytesPerMount" : "MountViz.NanosecondsPerMount";

    /// <inheritdoc/>
    public string ColumnName => _bytes ? "B/mount" : "ns/mount";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => _bytes ? 1 : 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => _bytes
        ? "Bytes allocated per operation divided by the mounts (lines) in the file"
        : "Mean time per operation divided by the mounts (lines) in the file, in nanoseconds";

    /// <summary>The per-mount value, or null when the benchmark has no result.</summary>
    public double? Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || benchmarkCase.Parameters["File"] is not string file)
        {
            return null;
        }

        int mounts = BenchmarkData.MountCount(file);
        if (_bytes)
        {
            long allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? -1;
            return allocated < 0 ? null : (double)allocated / mounts;
        }

        return report.ResultStatistics.Mean / mounts;
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Value(summary, benchmarkCase) is double value ? value.ToString("F1", CultureInfo.InvariantCulture) : "NA";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
