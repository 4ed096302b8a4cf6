namespace MountViz.Core.Operations;

/// <summary>
/// What a new namespace does to its copy of the workspace after the kernel copied it, as
/// <c>unshare --propagation</c>. The default is <see cref="Private"/>, as unshare(1)'s.
/// </summary>
public enum NamespacePropagation
{
    /// <summary><c>private</c>: <c>mount --make-rprivate /</c> in the copy; it sends and receives nothing.</summary>
    Private,

    /// <summary><c>shared</c>: <c>mount --make-rshared /</c> in the copy.</summary>
    Shared,

    /// <summary><c>slave</c>: <c>mount --make-rslave /</c> in the copy; it receives from the original, never sends.</summary>
    Slave,

    /// <summary><c>unchanged</c>: the kernel's copy as is; shared mounts in the copy are peers of the originals.</summary>
    Unchanged,
}

/// <summary>Words and flags for <see cref="NamespacePropagation"/>.</summary>
public static class NamespacePropagationNames
{
    /// <summary>private, shared, slave or unchanged, as <c>unshare --propagation</c> takes them.</summary>
    public static string ToWord(this NamespacePropagation propagation) => propagation switch
    {
        NamespacePropagation.Private => "private",
        NamespacePropagation.Shared => "shared",
        NamespacePropagation.Slave => "slave",
        NamespacePropagation.Unchanged => "unchanged",
        _ => throw new ArgumentOutOfRangeException(nameof(propagation), propagation, "Not a namespace propagation option."),
    };

    /// <summary>MS_PRIVATE, MS_SHARED or MS_SLAVE (each with MS_REC), or None for unchanged.</summary>
    public static MountFlags ToFlags(this NamespacePropagation propagation) => propagation switch
    {
        NamespacePropagation.Private => MountFlags.Private | MountFlags.Recursive,
        NamespacePropagation.Shared => MountFlags.Shared | MountFlags.Recursive,
        NamespacePropagation.Slave => MountFlags.Slave | MountFlags.Recursive,
        NamespacePropagation.Unchanged => MountFlags.None,
        _ => throw new ArgumentOutOfRangeException(nameof(propagation), propagation, "Not a namespace propagation option."),
    };

    /// <summary>Reads private, shared, slave or unchanged.</summary>
    public static bool TryParse(string word, out NamespacePropagation propagation)
    {
        foreach (NamespacePropagation candidate in Enum.GetValues<NamespacePropagation>())
        {
            if (candidate.ToWord() == word)
            {
                propagation = candidate;
                return true;
            }
        }

        propagation = default;
        return false;
    }
}
