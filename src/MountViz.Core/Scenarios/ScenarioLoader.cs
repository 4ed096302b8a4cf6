using MountViz.Core.Scenarios.Yaml;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Reads scenario files (YAML; the format is in docs/scenarios.md). A file with anything wrong
/// gives every error found, each with its line and column and what is expected there, and no
/// scenario: YAML syntax, unknown or missing keys, values outside their set, commands the
/// command language does not understand, namespaces used before a step creates them, copies of
/// host files that are not allowed.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads scenario text; <paramref name="name"/> names it in lists and messages.</summary>
    public static ScenarioLoadResult Load(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ScenarioReader.Read(text, name);
    }

    /// <summary>Loads a scenario file; its name is the file name without extension.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ScenarioLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));
    }
}
