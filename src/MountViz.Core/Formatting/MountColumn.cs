namespace MountViz.Core.Formatting;

/// <summary>A column of <see cref="MountTextRenderer"/>'s tree and table output.</summary>
public enum MountColumn
{
    /// <summary>ID: the mount ID.</summary>
    Id,

    /// <summary>PARENT: the parent's mount ID.</summary>
    Parent,

    /// <summary>TARGET: the mount point (with tree connectors in a tree, and hidden/orphan marks).</summary>
    Target,

    /// <summary>SOURCE: <c>source[/root]</c>, as findmnt shows it.</summary>
    Source,

    /// <summary>FSTYPE: the filesystem type.</summary>
    FsType,

    /// <summary>PROPAGATION: the optional fields (<c>shared:5,master:1</c>) or <c>private</c>/<c>unbindable</c>.</summary>
    Propagation,

    /// <summary>OPTIONS: per-mount and superblock options merged, as findmnt shows them.</summary>
    Options,
}

/// <summary>Header names of <see cref="MountColumn"/>.</summary>
public static class MountColumnNames
{
    /// <summary>The column's header, as findmnt names it.</summary>
    public static string Header(this MountColumn column) => column switch
    {
        MountColumn.Id => "ID",
        MountColumn.Parent => "PARENT",
        MountColumn.Target => "TARGET",
        MountColumn.Source => "SOURCE",
        MountColumn.FsType => "FSTYPE",
        MountColumn.Propagation => "PROPAGATION",
        MountColumn.Options => "OPTIONS",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column."),
    };
}
