using System.Collections.Immutable;
using MountViz.Benchmarks.Generation;
using MountViz.Core.Mountinfo;

namespace MountViz.Benchmarks.Parsing;

/// <summary>One benchmark file read into memory, with its mounts parsed once for the build-only case.</summary>
public sealed record BenchmarkInput(byte[] Bytes, ImmutableArray<MountInfo> Mounts)
{
    /// <summary>
    /// Reads one of <see cref="BenchmarkData.Names"/> and checks that every line parses: timing a
    /// run that turns lines into diagnostics would measure the wrong thing.
    /// </summary>
    public static BenchmarkInput Load(string name)
    {
        string path = BenchmarkData.PathOf(name);
        byte[] bytes = File.ReadAllBytes(path);
        MountInfoParseResult result = MountInfoParser.Parse(bytes);
        int lines = BenchmarkData.CountLines(bytes);
        if (!result.Diagnostics.IsEmpty || result.Mounts.Length != lines)
        {
            throw new InvalidOperationException(
                $"'{path}' has {lines} lines but parsed into {result.Mounts.Length} mounts and {result.Diagnostics.Length} diagnostics " +
                $"(first: {result.Diagnostics.FirstOrDefault()}). Fix the generator or the parser before timing it.");
        }

        return new BenchmarkInput(bytes, result.Mounts);
    }
}
