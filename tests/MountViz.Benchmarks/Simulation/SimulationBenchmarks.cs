using BenchmarkDotNet.Attributes;
using MountViz.Benchmarks.Parsing;
using MountViz.Core.Commands;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Benchmarks.Simulation;

/// <summary>
/// One prediction (<see cref="Simulator.Predict"/>: the model built from the tables, the
/// operation applied, the changes of every namespace diffed) in the lab of
/// <see cref="SimulationLab"/>: 4 namespaces × 500 mounts. Issue 6 sets p50 under 2 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[HideColumns("ns/mount", "B/mount")]
[Config(typeof(InProcessConfig))]
public class SimulationBenchmarks
{
    private Dictionary<string, MountTable> _tables = [];
    private Operation _operation = null!;

    /// <summary>The command predicted in base.</summary>
    [Params(
        "mount --bind /t2 /t0/c3/new",
        "mount --make-rshared /",
        "mount --make-rprivate /",
        "umount -R /t0",
        "unshare -m --propagation slave clone")]
    public string Command { get; set; } = "";

    /// <summary>Builds the tables and parses the command; checks that the prediction is supported and does what it should.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _tables = SimulationLab.Build();
        CommandParseResult parsed = CommandParser.Parse(Command, LabPath.Root);
        _operation = parsed.Resolved ?? throw new InvalidOperationException($"`{Command}` does not parse.");
        Prediction p = Predict();
        if (!p.Succeeds || p.Changes.IsEmpty)
        {
            throw new InvalidOperationException($"`{Command}` is not predicted to succeed with changes: {p.Reason ?? p.Errno}");
        }
    }

    /// <summary>The prediction.</summary>
    [Benchmark]
    public Prediction Predict() => Simulator.Predict(_tables, "base", _operation);
}
