using System.Reflection;

namespace MountViz.E2E.Tests.Support;

/// <summary>Where the tests put screenshots and exports, and where the README's screenshot lives.</summary>
internal static class Artifacts
{
    /// <summary>Overrides the artifacts directory.</summary>
    public const string DirectoryVariable = "MOUNTVIZ_E2E_ARTIFACTS";

    /// <summary>Set to 1 to rewrite docs/images/dashboard.png from this run.</summary>
    public const string UpdateReadmeVariable = "MOUNTVIZ_UPDATE_README_SCREENSHOT";

    /// <summary>The artifacts directory, created on first use: $MOUNTVIZ_E2E_ARTIFACTS, else artifacts/ in the test output.</summary>
    public static string Directory { get; } = Create();

    /// <summary>A file in the artifacts directory.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>True when this run should rewrite the README's screenshot.</summary>
    public static bool UpdateReadmeScreenshot => Environment.GetEnvironmentVariable(UpdateReadmeVariable) == "1";

    /// <summary>docs/images/dashboard.png in the repository this test was built from.</summary>
    public static string ReadmeScreenshot
    {
        get
        {
            string? root = typeof(Artifacts).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "MountViz.RepositoryRoot")?.Value;
            if (root is null || !System.IO.Directory.Exists(Path.Combine(root, "docs", "images")))
            {
                throw new DirectoryNotFoundException($"The repository's docs/images is not under {root ?? "(unknown)"}: run the tests from a build of the repository.");
            }

            return Path.Combine(root, "docs", "images", "dashboard.png");
        }
    }

    private static string Create()
    {
        string directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
