using System.Collections.Concurrent;

namespace MountViz.Benchmarks.Generation;

/// <summary>
/// The files every part of the benchmark reads: the gentoo fixture and generated tables, all in
/// one data directory so that MountViz and the libmount harness parse the very same bytes.
/// </summary>
public static class BenchmarkData
{
    /// <summary>Environment variable naming the data directory (set by run.sh and by <c>Program</c>).</summary>
    public const string DirectoryVariable = "MOUNTVIZ_BENCH_DATA";

    /// <summary>The generator's seed: fixed, so every run and every machine measures the same tables.</summary>
    public const int Seed = 20_250_602;

    /// <summary>The 222-line aufs Docker host from moby/sys, the largest real sample we have.</summary>
    public const string Gentoo = "gentoo";

    /// <summary>Sizes of the generated tables, in mounts (= lines).</summary>
    public static readonly IReadOnlyList<int> GeneratedSizes = [1_000, 10_000, 100_000];

    private const string Extension = ".mountinfo";

    private static readonly ConcurrentDictionary<string, int> LineCounts = new(StringComparer.Ordinal);

    /// <summary>The benchmark's names for its files, smallest first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Gentoo, .. GeneratedSizes.Select(GeneratedName)];

    /// <summary>The name of the generated table with <paramref name="mounts"/> lines.</summary>
    public static string GeneratedName(int mounts) => FormattableString.Invariant($"generated-{mounts}");

    /// <summary>Writes every file into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        string gentoo = Path.Combine(directory, Gentoo + Extension);
        File.Copy(GentooFixturePath(), gentoo, overwrite: true);
        paths.Add(gentoo);
        foreach (int size in GeneratedSizes)
        {
            string path = Path.Combine(directory, GeneratedName(size) + Extension);
            File.WriteAllBytes(path, new RealisticMountinfoGenerator(Seed).Generate(size));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The data directory named by <see cref="DirectoryVariable"/>.</summary>
    public static string DataDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory
            ? directory
            : throw new InvalidOperationException(
                $"The benchmark data directory is not set: {DirectoryVariable} is empty. " +
                "Run tests/MountViz.Benchmarks/run.sh, or pass --data DIR to the benchmark program.");

    /// <summary>The path of one of <see cref="Names"/> in the data directory.</summary>
    public static string PathOf(string name)
    {
        string path = Path.Combine(DataDirectory, name + Extension);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The benchmark file '{path}' does not exist. Generate the files first: the benchmark program's 'generate DIR' mode, or run.sh.",
                path);
    }

    /// <summary>The number of non-empty lines (= mounts) of one of <see cref="Names"/>.</summary>
    public static int MountCount(string name) => LineCounts.GetOrAdd(name, static n => CountLines(File.ReadAllBytes(PathOf(n))));

    /// <summary>Counts non-empty lines, as the parser and libmount do.</summary>
    public static int CountLines(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        while (!bytes.IsEmpty)
        {
            int end = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? bytes : bytes[..end];
            if (!line.IsEmpty)
            {
                count++;
            }

            bytes = end < 0 ? default : bytes[(end + 1)..];
        }

        return count;
    }

    /// <summary>../shared/fixtures/mountinfo/moby-sys-gentoo.txt beside the repository root.</summary>
    public static string GentooFixturePath()
    {
        string root = FindRepositoryRoot();
        string path = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "mountinfo", "moby-sys-gentoo.txt"));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The gentoo fixture is missing at '{path}'. It is looked for in ../shared/fixtures/mountinfo beside the repository root '{root}'.",
                path);
    }

    /// <summary>The nearest directory holding MountViz.sln, above the working directory or the program.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (string start in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "MountViz.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"MountViz.sln was not found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'. " +
            "Run the benchmark from inside the repository (run.sh does).");
    }
}
