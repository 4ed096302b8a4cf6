namespace MountViz.Linux.Tests.Vectors;

/// <summary>The three kinds of change a vector names, as the reference checker computes them by mount ID.</summary>
public enum ChangeCategory
{
    /// <summary>An ID that was not there before.</summary>
    Added,

    /// <summary>An ID that is gone.</summary>
    Removed,

    /// <summary>The same ID with different tags, a different parent (path and source) or a different path.</summary>
    Changed,
}

/// <summary>Names of <see cref="ChangeCategory"/> as the vectors write them.</summary>
public static class ChangeCategoryNames
{
    /// <summary>Every category, in the order the checker reports them.</summary>
    public static IReadOnlyList<ChangeCategory> All { get; } = [ChangeCategory.Added, ChangeCategory.Removed, ChangeCategory.Changed];

    /// <summary>added, removed or changed.</summary>
    public static string ToWord(this ChangeCategory category) => category switch
    {
        ChangeCategory.Added => "added",
        ChangeCategory.Removed => "removed",
        _ => "changed",
    };
}
