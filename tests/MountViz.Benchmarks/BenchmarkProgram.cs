using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MountViz.Benchmarks.Generation;
using MountViz.Benchmarks.Labs;
using MountViz.Benchmarks.Parsing;
using MountViz.Benchmarks.Reporting;
using MountViz.Benchmarks.Simulation;

namespace MountViz.Benchmarks;

/// <summary>
/// The benchmark program. <c>labs [...]</c> runs the lab scenario (<see cref="LabBenchmark"/>, root);
/// <c>generate DIR</c> writes the benchmark files; anything else runs
/// BenchmarkDotNet (its own arguments, e.g. <c>--filter '*'</c>) with these options first:
/// <c>--data DIR</c> (the files; generated into a temp directory when absent),
/// <c>--libmount FILE</c> (bench.c's output, to print the comparison table) and
/// <c>--report FILE</c> (where to write that table too).
/// </summary>
public static class BenchmarkProgram
{
    /// <summary>Runs the program; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (args is ["labs", .. string[] labArgs])
        {
            return LabBenchmark.Run(labArgs);
        }

        if (args is ["generate", string directory])
        {
            foreach (string path in BenchmarkData.WriteAll(directory))
            {
                Console.WriteLine($"{path}\t{BenchmarkData.CountLines(File.ReadAllBytes(path))} lines\t{new FileInfo(path).Length} bytes");
            }

            return 0;
        }

        var rest = new List<string>();
        string? data = null, libmount = null, report = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    data = args[++i];
                    break;
                case "--libmount" when i + 1 < args.Length:
                    libmount = args[++i];
                    break;
                case "--report" when i + 1 < args.Length:
                    report = args[++i];
                    break;
                case "generate":
                    Console.Error.WriteLine("usage: generate DIR");
                    return 2;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        data ??= Environment.GetEnvironmentVariable(BenchmarkData.DirectoryVariable);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Path.GetTempPath(), "mountviz-bench-data");
            BenchmarkData.WriteAll(data);
        }

        Environment.SetEnvironmentVariable(BenchmarkData.DirectoryVariable, Path.GetFullPath(data));

        // The benchmark class brings its job (InProcessConfig).
        IConfig config = DefaultConfig.Instance.AddColumn(PerMountColumn.Time, PerMountColumn.Allocated);
        Summary[] summaries = [.. BenchmarkSwitcher
            .FromTypes([typeof(MountTableParseBenchmarks), typeof(SimulationBenchmarks)])
            .Run([.. rest], config)];

        if (libmount is not null && summaries.Length > 0)
        {
            string table = LibmountComparison.Format(summaries, libmount);
            Console.WriteLine();
            Console.WriteLine("MountViz vs libmount, time per line:");
            Console.WriteLine(table);
            if (report is not null)
            {
                File.WriteAllText(report, table);
            }
        }

        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
