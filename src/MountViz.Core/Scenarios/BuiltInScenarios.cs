using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// The scenarios shipped with MountViz (embedded YAML under Scenarios/BuiltIn): the article's
/// experiments, in the article's order.
/// </summary>
public static class BuiltInScenarios
{
    /// <summary>The names, in the order lists show them.</summary>
    public static ImmutableArray<string> Names { get; } =
    [
        "propagation-script",
        "propagation-matrix",
        "isolation",
        "pivot-root",
        "file-sharing",
        "propagation-changes",
    ];

    /// <summary>The YAML text of a built-in scenario, or null for an unknown name.</summary>
    public static string? Text(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name))
        {
            return null;
        }

        using Stream? stream = typeof(BuiltInScenarios).Assembly.GetManifestResourceStream($"MountViz.Core.Scenarios.BuiltIn.{name}.yaml");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Loads a built-in scenario; null for an unknown name.
    /// </summary>
    /// <exception cref="InvalidOperationException">A shipped file does not load (a build defect, caught by tests).</exception>
    public static Scenario? Load(string name)
    {
        if (Text(name) is not string text)
        {
            return null;
        }

        ScenarioLoadResult result = ScenarioLoader.Load(text, name);
        return result.Scenario ?? throw new InvalidOperationException(
            $"The built-in scenario {name} does not load: {string.Join(" ", result.Errors)}");
    }

    /// <summary>Every built-in scenario, in order.</summary>
    public static IEnumerable<Scenario> All() => Names.Select(n => Load(n)!);
}
