namespace MountViz.Core.Formatting;

/// <summary>What <see cref="MountTextRenderer"/> writes.</summary>
public sealed record MountTextOptions
{
    /// <summary>The <c>mountviz show</c> tree: findmnt's columns plus PROPAGATION, hidden and orphan mounts marked.</summary>
    public static MountTextOptions Tree { get; } = new()
    {
        Columns = [MountColumn.Target, MountColumn.Source, MountColumn.FsType, MountColumn.Propagation, MountColumn.Options],
    };

    /// <summary>The <c>mountviz show --format table</c> list: IDs first, no tree connectors.</summary>
    public static MountTextOptions Table { get; } = new()
    {
        Columns = [MountColumn.Id, MountColumn.Parent, MountColumn.Target, MountColumn.Source, MountColumn.FsType, MountColumn.Propagation, MountColumn.Options],
    };

    /// <summary>Exactly <c>findmnt --tree</c>'s default output (its columns, its sibling order, no marks), to compare with it.</summary>
    public static MountTextOptions Findmnt { get; } = new()
    {
        Columns = [MountColumn.Target, MountColumn.Source, MountColumn.FsType, MountColumn.Options],
        MarkHidden = false,
        MarkOrphans = false,
        SiblingOrder = SiblingOrder.MountId,
    };

    /// <summary>The columns, in order.</summary>
    public required IReadOnlyList<MountColumn> Columns { get; init; }

    /// <summary>Append <c>(hidden)</c> to the target of a mount that is over-mounted or covered.</summary>
    public bool MarkHidden { get; init; } = true;

    /// <summary>Append <c>(orphan: parent N absent)</c> to a root whose parent is outside the table.</summary>
    public bool MarkOrphans { get; init; } = true;

    /// <summary>The order of a mount's children in a tree: mount order unless findmnt's is wanted.</summary>
    public SiblingOrder SiblingOrder { get; init; } = SiblingOrder.Mount;
}
