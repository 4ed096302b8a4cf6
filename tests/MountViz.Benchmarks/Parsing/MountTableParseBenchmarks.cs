using BenchmarkDotNet.Attributes;
using MountViz.Benchmarks.Generation;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Benchmarks.Parsing;

/// <summary>
/// Parse + build of a whole mount table from bytes already in memory, the work MountViz does on
/// every re-read of a namespace, for the gentoo fixture and the generated tables. Parse and
/// build are also measured alone, to tell where the time goes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class MountTableParseBenchmarks
{
    private BenchmarkInput _input = new([], []);

    /// <summary>Which file of <see cref="BenchmarkData.Names"/> to parse.</summary>
    [ParamsSource(nameof(Files))]
    public string File { get; set; } = BenchmarkData.Gentoo;

    /// <summary>The files, smallest first.</summary>
    public static IEnumerable<string> Files => BenchmarkData.Names;

    /// <summary>Reads and checks the file.</summary>
    [GlobalSetup]
    public void Setup() => _input = BenchmarkInput.Load(File);

    /// <summary>What MountViz does per read: <see cref="MountTable.Parse"/>.</summary>
    [Benchmark]
    public MountTable ParseAndBuild() => MountTable.Parse(_input.Bytes);

    /// <summary>
    /// Parse, build, and the peer-group and master indexes (built on first use; the dashboard's
    /// graph asks for them, a diff does not).
    /// </summary>
    [Benchmark]
    public int ParseBuildAndGroups()
    {
        MountTable table = MountTable.Parse(_input.Bytes);
        return table.PeerGroups.Count + table.SlavesByMaster.Count;
    }

    /// <summary>The parser alone.</summary>
    [Benchmark]
    public MountInfoParseResult ParseOnly() => MountInfoParser.Parse(_input.Bytes);

    /// <summary>The table alone (tree, hidden mounts) over mounts parsed in setup.</summary>
    [Benchmark]
    public MountTable BuildOnly() => MountTable.Build(_input.Mounts);
}
