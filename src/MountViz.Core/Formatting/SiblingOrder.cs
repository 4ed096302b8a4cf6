namespace MountViz.Core.Formatting;

/// <summary>The order of the children of one mount in a tree.</summary>
public enum SiblingOrder
{
    /// <summary>
    /// The order the kernel lists them in mountinfo: the order they were mounted. Over-mounts
    /// come after what they hide. MountViz's default.
    /// </summary>
    Mount,

    /// <summary>
    /// Ascending mount ID, as findmnt sorts them. IDs are reused after unmount, so this can
    /// differ from mount order (a new mount may get a low ID).
    /// </summary>
    MountId,
}
