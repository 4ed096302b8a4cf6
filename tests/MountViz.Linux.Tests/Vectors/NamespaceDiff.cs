namespace MountViz.Linux.Tests.Vectors;

/// <summary>The changes of one namespace, sorted into the vectors' three categories.</summary>
public sealed record NamespaceDiff(IReadOnlyList<ObservedChange> Added, IReadOnlyList<ObservedChange> Removed, IReadOnlyList<ObservedChange> Changed)
{
    /// <summary>No change.</summary>
    public static NamespaceDiff Empty { get; } = new([], [], []);

    /// <summary>Whether nothing changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    /// <summary>The entries of one category.</summary>
    public IReadOnlyList<ObservedChange> For(ChangeCategory category) => category switch
    {
        ChangeCategory.Added => Added,
        ChangeCategory.Removed => Removed,
        _ => Changed,
    };
}
