using System.Reflection;

namespace MountViz.Web.Tests.TestSupport;

/// <summary>Paths in the repository and in the shared fixtures beside it.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder with MountViz.sln), recorded at build time.</summary>
    public static string Root { get; } = Path.GetFullPath(
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MountViz.RepositoryRoot").Value
        ?? throw new InvalidOperationException("The test assembly lacks its MountViz.RepositoryRoot metadata."));

    /// <summary>The real mountinfo samples (../shared/fixtures/mountinfo).</summary>
    public static string Fixtures { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "mountinfo"));

    /// <summary>A file in <see cref="Fixtures"/>.</summary>
    public static string Fixture(string name)
    {
        string path = Path.Combine(Fixtures, name);
        Assert.True(File.Exists(path), $"The fixture {path} is missing: the tests expect the shared fixtures beside the repository.");
        return path;
    }
}
