using System.Reflection;

namespace MountViz.Web.Hosting;

/// <summary>
/// Finds the directory the server serves static files from: the repository's top-level
/// <c>wwwroot/</c> (not the project's), where client/ writes its bundles.
/// </summary>
internal static class WebRootLocator
{
    /// <summary>The assembly metadata key the project file sets to the source tree's wwwroot.</summary>
    internal const string SourceWebRootKey = "MountViz.SourceWebRoot";

    /// <summary>
    /// A published app (the Docker image) carries its own copy next to the executable; a build
    /// (dotnet run, dotnet test) serves the source tree's wwwroot in place, so edits to css show
    /// without a rebuild.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Neither location exists.</exception>
    public static string Find()
    {
        string published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published))
        {
            return published;
        }

        string? source = typeof(WebRootLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == SourceWebRootKey)?.Value;
        if (source is not null && Directory.Exists(source))
        {
            return Path.GetFullPath(source);
        }

        throw new DirectoryNotFoundException(
            $"MountViz cannot find its web root: neither {published} (a published app) nor {source ?? "(unknown)"} " +
            "(the source tree it was built from) exists. Run it from a build of the repository " +
            "(dotnet run --project src/MountViz.Web) or from the output of dotnet publish.");
    }
}
