namespace MountViz.Linux.Tests.Vectors;

/// <summary>The predicted changes of one namespace; a category that is not listed must be empty.</summary>
public sealed record NamespaceExpectation(
    IReadOnlyList<VectorMountPattern> Added,
    IReadOnlyList<VectorMountPattern> Removed,
    IReadOnlyList<VectorMountPattern> Changed)
{
    /// <summary>No change at all.</summary>
    public static NamespaceExpectation None { get; } = new([], [], []);

    /// <summary>The entries of one category.</summary>
    public IReadOnlyList<VectorMountPattern> For(ChangeCategory category) => category switch
    {
        ChangeCategory.Added => Added,
        ChangeCategory.Removed => Removed,
        _ => Changed,
    };
}
