using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MountViz.Benchmarks.Parsing;

/// <summary>
/// A short job run in process. In process: no per-benchmark project build, which would write
/// into the repository's obj/ folders while other builds run there, and a run of a few minutes
/// on 2 cores. Ten iterations rather than ShortRun's three: parsing a large table is dominated
/// by garbage collection (everything it allocates survives), so single iterations vary by tens
/// of percent and three of them give a useless error margin.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    /// <summary>Adds the job.</summary>
    public InProcessConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true))
            .WithId("Short-InProcess"));
    }
}
