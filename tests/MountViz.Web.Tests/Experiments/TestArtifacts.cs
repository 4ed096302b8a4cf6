namespace MountViz.Web.Tests.Experiments;

/// <summary>Pictures the browser tests keep for people to look at: in $MOUNTVIZ_TEST_ARTIFACTS when set, else nowhere.</summary>
internal static class TestArtifacts
{
    public const string DirectoryVariable = "MOUNTVIZ_TEST_ARTIFACTS";

    /// <summary>The directory, or null when the variable is not set.</summary>
    public static string? Directory => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? System.IO.Directory.CreateDirectory(dir).FullName : null;

    /// <summary>Copies <paramref name="path"/> there as <paramref name="name"/>.</summary>
    public static void Keep(string path, string name)
    {
        if (Directory is string dir)
        {
            File.Copy(path, Path.Combine(dir, name), overwrite: true);
        }
    }
}
