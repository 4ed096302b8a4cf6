using System.Collections.Immutable;

namespace MountViz.Core.Mountinfo;

/// <summary>
/// One line of <c>/proc/PID/mountinfo</c>, with its escapes decoded. Path-like fields
/// (root, mount point, source, type) are byte-exact: see <see cref="MountText"/>.
/// </summary>
public sealed record MountInfo
{
    /// <summary>Field 1: the mount's unique ID (reused by the kernel after unmount).</summary>
    public required int Id { get; init; }

    /// <summary>Field 2: the mount this one is attached to (its own ID at the root of the tree).</summary>
    public required int ParentId { get; init; }

    /// <summary>Field 3, before the colon: the device's major number.</summary>
    public required uint Major { get; init; }

    /// <summary>Field 3, after the colon: the device's minor number.</summary>
    public required uint Minor { get; init; }

    /// <summary>Field 4: the directory of the filesystem that is mounted here.</summary>
    public required string Root { get; init; }

    /// <summary>Field 5: the mount point, relative to the reading process's root.</summary>
    public required string MountPoint { get; init; }

    /// <summary>Field 6: per-mount options.</summary>
    public required string MountOptions { get; init; }

    /// <summary>Field 7: the optional fields in file order, each as written.</summary>
    public ImmutableArray<string> OptionalFields { get; init; } = [];

    /// <summary>Field 9: the filesystem type.</summary>
    public required string FsType { get; init; }

    /// <summary>Field 10: the mount source (may be empty).</summary>
    public required string Source { get; init; }

    /// <summary>Field 11: per-superblock options: the rest of the line, spaces included.</summary>
    public required string SuperOptions { get; init; }

    /// <summary>The N of <c>shared:N</c>, or null.</summary>
    public int? Shared { get; init; }

    /// <summary>The N of <c>master:N</c>, or null.</summary>
    public int? Master { get; init; }

    /// <summary>The N of <c>propagate_from:N</c>, or null.</summary>
    public int? PropagateFrom { get; init; }

    /// <summary>True when the optional fields carry <c>unbindable</c>.</summary>
    public bool Unbindable { get; init; }

    /// <summary>The 1-based line of the source file, or 0 when not parsed from a file.</summary>
    public int Line { get; init; }

    /// <summary>The propagation type in the kernel's terms.</summary>
    public Propagation Propagation => (Shared, Master) switch
    {
        (not null, not null) => Propagation.SharedAndSlave,
        (not null, null) => Propagation.Shared,
        (null, not null) => Propagation.Slave,
        _ => Unbindable ? Propagation.Unbindable : Propagation.Private,
    };

    /// <summary>The device as <c>major:minor</c>.</summary>
    public string Device => $"{Major}:{Minor}";

    /// <summary>Tags as findmnt's PROPAGATION column shows them: <c>shared:3,master:1</c> or <c>private</c>.</summary>
    public string PropagationTags => OptionalFields.IsDefaultOrEmpty
        ? (Unbindable ? "unbindable" : "private")
        : string.Join(',', OptionalFields);

    /// <summary>Equality over every field (line number excluded).</summary>
    public bool Equals(MountInfo? other) =>
        other is not null
        && Id == other.Id && ParentId == other.ParentId && Major == other.Major && Minor == other.Minor
        && Root == other.Root && MountPoint == other.MountPoint && MountOptions == other.MountOptions
        && OptionalFields.AsSpan().SequenceEqual(other.OptionalFields.AsSpan())
        && FsType == other.FsType && Source == other.Source && SuperOptions == other.SuperOptions
        && Shared == other.Shared && Master == other.Master && PropagateFrom == other.PropagateFrom
        && Unbindable == other.Unbindable;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, ParentId, Major, Minor, Root, MountPoint);
}
