namespace MountViz.Core.Scenarios;

/// <summary>The file at <see cref="Path"/> reads exactly <see cref="Content"/> in the namespace.</summary>
/// <param name="Path">The lab path of the file.</param>
/// <param name="Content">Its whole content (UTF-8).</param>
public sealed record FileContentExpectation(string Path, string Content) : Expectation
{
    /// <inheritdoc/>
    public override string Describe(string stepNamespace) => $"{Path} {In(stepNamespace)} reads {Quoted(Content)}";

    internal static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
