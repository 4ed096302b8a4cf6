namespace MountViz.Linux.Tests.Vectors;

/// <summary>One command-language line to run in one lab namespace, and the vector line it comes from.</summary>
/// <param name="Namespace">The lab namespace (<c>base</c> for the vectors' <c>ns0</c>).</param>
/// <param name="Command">The command-language line.</param>
/// <param name="Line">The vector's bash line (or why the step exists).</param>
public sealed record LabStep(string Namespace, string Command, string Line)
{
    /// <summary>True for the clone that stands for a throw-away nested namespace: it must change no other namespace.</summary>
    public bool MakesUnobservedNamespace { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"[{Namespace}] {Command}";
}
