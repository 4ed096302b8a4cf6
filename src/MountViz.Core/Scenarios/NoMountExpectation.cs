namespace MountViz.Core.Scenarios;

/// <summary>No mount has its mount point at <see cref="Path"/>.</summary>
/// <param name="Path">The lab path.</param>
public sealed record NoMountExpectation(string Path) : Expectation
{
    /// <inheritdoc/>
    public override string Describe(string stepNamespace) => $"no mount at {Path} {In(stepNamespace)}";
}
