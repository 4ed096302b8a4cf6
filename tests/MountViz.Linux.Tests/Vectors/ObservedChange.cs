namespace MountViz.Linux.Tests.Vectors;

/// <summary>One change the engine reported, in the vectors' terms.</summary>
/// <param name="Mount">The mount now (for a removal: as it was).</param>
/// <param name="Before">The mount before, for a change; null otherwise.</param>
public sealed record ObservedChange(ObservedMount Mount, ObservedMount? Before)
{
    /// <inheritdoc/>
    public override string ToString() => Before is null ? Mount.ToString() : $"{Mount} (was {Before.Path} {Before.TagsText} on={Before.On ?? "(outside $S)"})";
}
