using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>What happened to a mount between two snapshots of one namespace.</summary>
public enum MountChangeKind
{
    /// <summary>A mount that was not there before.</summary>
    Added,

    /// <summary>A mount that is gone.</summary>
    Removed,

    /// <summary>Same mount (ID, device and root), new mount point or parent.</summary>
    Moved,

    /// <summary>Its peer group, master, propagate_from or unbindable flag changed.</summary>
    PropagationChanged,

    /// <summary>Its mount options or super options changed (a remount).</summary>
    OptionsChanged,
}

/// <summary>One change; <see cref="Before"/> is the old state for everything but additions.</summary>
public sealed record MountChange(MountChangeKind Kind, MountInfo Mount, MountInfo? Before)
{
    /// <summary>camelCase name of the kind, as the API writes it.</summary>
    public string KindName => Kind switch
    {
        MountChangeKind.Added => "added",
        MountChangeKind.Removed => "removed",
        MountChangeKind.Moved => "moved",
        MountChangeKind.PropagationChanged => "propagationChanged",
        _ => "optionsChanged",
    };
}
