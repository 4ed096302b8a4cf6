namespace MountViz.Linux.Tests.Procfs;

/// <summary>
/// A mount a test made (or caused by propagation) and what mountinfo must say about it. IDs and
/// devices come from statx(2) inside the namespace, not from mountinfo, so they check the parser.
/// </summary>
public sealed record ExpectedMount
{
    /// <summary>A name for messages.</summary>
    public required string Label { get; init; }

    /// <summary>stx_mnt_id of the mount point right after mounting.</summary>
    public required int Id { get; init; }

    /// <summary>stx_mnt_id of the mount point right before mounting: the mount it was created on.</summary>
    public required int ParentId { get; init; }

    /// <summary>stx_dev_major right after mounting.</summary>
    public required uint Major { get; init; }

    /// <summary>stx_dev_minor right after mounting.</summary>
    public required uint Minor { get; init; }

    /// <summary>Field 4, raw bytes.</summary>
    public required byte[] Root { get; init; }

    /// <summary>Field 5, raw bytes.</summary>
    public required byte[] MountPoint { get; init; }

    /// <summary>Field 6, exactly.</summary>
    public required string MountOptions { get; init; }

    /// <summary>Field 9.</summary>
    public string FsType { get; init; } = "tmpfs";

    /// <summary>Field 10, raw bytes.</summary>
    public required byte[] Source { get; init; }

    /// <summary>Field 11: <c>rw</c> or <c>ro</c>, then the options the test gave, in the kernel's order.</summary>
    public required IReadOnlyList<string> SuperOptions { get; init; }

    /// <summary>Label of the peer group this mount is in (<c>shared:N</c>), or null.</summary>
    public string? SharedGroup { get; init; }

    /// <summary>Label of the peer group this mount is a slave of (<c>master:N</c>), or null.</summary>
    public string? MasterGroup { get; init; }

    /// <summary>True for <c>unbindable</c>.</summary>
    public bool Unbindable { get; init; }

    /// <summary>True when something covers this mount (same mount point, a directory above it, or a hidden parent).</summary>
    public bool Hidden { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Label;
}
