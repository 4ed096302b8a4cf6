using System.Reflection;

namespace MountViz.Core.Tests.TestSupport;

/// <summary>
/// Finds <c>../shared/fixtures/mountinfo</c> beside the clone: first by walking up from the test
/// binaries to <c>MountViz.sln</c>, then (when the build output lives outside the clone) from the
/// repository root recorded at build time.
/// </summary>
internal static class FixtureFiles
{
    private static readonly Lazy<string> LazyDirectory = new(Locate);

    /// <summary>The fixtures directory (absolute).</summary>
    public static string Directory => LazyDirectory.Value;

    /// <summary>Every mountinfo sample (<c>*.txt</c>), by file name, sorted.</summary>
    public static IReadOnlyList<string> Samples =>
        [.. System.IO.Directory.GetFiles(Directory, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>The raw bytes of a fixture file.</summary>
    public static byte[] Read(string fileName) => File.ReadAllBytes(Path.Combine(Directory, fileName));

    /// <summary>The text of an expected-result file (UTF-8).</summary>
    public static string ReadText(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    private static string Locate()
    {
        var tried = new List<string>();
        foreach (string start in StartDirectories())
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "MountViz.sln")))
                {
                    continue;
                }

                string fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "mountinfo"));
                if (System.IO.Directory.Exists(fixtures))
                {
                    return fixtures;
                }

                tried.Add(fixtures);
                break;
            }
        }

        throw new DirectoryNotFoundException(
            "The mountinfo fixtures were not found (looked for ../shared/fixtures/mountinfo beside the clone that holds MountViz.sln; tried: "
            + (tried.Count == 0 ? "no MountViz.sln above the test binaries" : string.Join(", ", tried))
            + "). Put the shared/ directory beside the clone, as CI does.");
    }

    private static IEnumerable<string> StartDirectories()
    {
        yield return AppContext.BaseDirectory;
        string? root = typeof(FixtureFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "MountVizRoot")?.Value;
        if (!string.IsNullOrEmpty(root) && System.IO.Directory.Exists(root))
        {
            yield return root;
        }
    }
}
