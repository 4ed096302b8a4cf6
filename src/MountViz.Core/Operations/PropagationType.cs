namespace MountViz.Core.Operations;

/// <summary>The propagation type a <c>mount --make-*</c> operation sets.</summary>
public enum PropagationType
{
    /// <summary><c>--make-shared</c>, MS_SHARED.</summary>
    Shared,

    /// <summary><c>--make-private</c>, MS_PRIVATE.</summary>
    Private,

    /// <summary><c>--make-slave</c>, MS_SLAVE.</summary>
    Slave,

    /// <summary><c>--make-unbindable</c>, MS_UNBINDABLE.</summary>
    Unbindable,
}

/// <summary>Words and flags for <see cref="PropagationType"/>.</summary>
public static class PropagationTypeNames
{
    /// <summary>shared, private, slave or unbindable, as in <c>--make-shared</c>.</summary>
    public static string ToWord(this PropagationType type) => type switch
    {
        PropagationType.Shared => "shared",
        PropagationType.Private => "private",
        PropagationType.Slave => "slave",
        PropagationType.Unbindable => "unbindable",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a propagation type."),
    };

    /// <summary>The mount(2) flag: MS_SHARED, MS_PRIVATE, MS_SLAVE or MS_UNBINDABLE.</summary>
    public static MountFlags ToFlag(this PropagationType type) => type switch
    {
        PropagationType.Shared => MountFlags.Shared,
        PropagationType.Private => MountFlags.Private,
        PropagationType.Slave => MountFlags.Slave,
        PropagationType.Unbindable => MountFlags.Unbindable,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a propagation type."),
    };

    /// <summary>Reads shared, private, slave or unbindable.</summary>
    public static bool TryParse(string word, out PropagationType type)
    {
        foreach (PropagationType candidate in Enum.GetValues<PropagationType>())
        {
            if (candidate.ToWord() == word)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
