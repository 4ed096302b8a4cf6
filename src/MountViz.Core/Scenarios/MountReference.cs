namespace MountViz.Core.Scenarios;

/// <summary>The mount visible at a lab path in a namespace (the topmost one there).</summary>
/// <param name="Path">The lab path of its mount point.</param>
/// <param name="Namespace">The namespace; null for the namespace of the expectation that names it.</param>
public sealed record MountReference(string Path, string? Namespace)
{
    /// <summary><c>/source1</c> or <c>/source1 in ns2</c>.</summary>
    public string Describe() => Namespace is null ? Path : $"{Path} in {Namespace}";
}
