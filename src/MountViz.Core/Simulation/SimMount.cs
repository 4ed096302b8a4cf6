namespace MountViz.Core.Simulation;

/// <summary>
/// A mount of the simulated lab, mutable while an operation is applied. Where it sits is kept
/// the kernel's way: its parent and the dentry it covers in the parent's filesystem
/// (<see cref="Dentry"/>); its lab path is derived, so a move of an ancestor moves it too.
/// </summary>
internal sealed class SimMount
{
    public required int Id { get; init; }

    /// <summary>True for a mount the operation creates (its ID is provisional).</summary>
    public bool IsNew { get; init; }

    public required SimNamespace Namespace { get; set; }

    /// <summary>The mount it is attached to; null for a root of the lab's view (its parent lies outside the workspace).</summary>
    public SimMount? Parent { get; set; }

    /// <summary>
    /// For a view root, the ID of its parent outside the workspace view (mountinfo field 2), so
    /// a root that changes parent there (pivot_root's new root) shows as moved; null otherwise.
    /// </summary>
    public int? OutsideParentId { get; set; }

    /// <summary>The dentry covered, as a path in the parent's filesystem; for a view root, its lab path.</summary>
    public required string Dentry { get; set; }

    /// <summary>The directory of its filesystem that it shows (mountinfo field 4).</summary>
    public required string Root { get; init; }

    public required SimFilesystem Filesystem { get; init; }

    /// <summary>Per-mount options as read (null for a new mount: not predicted).</summary>
    public string? MountOptions { get; init; }

    public SimGroup? Group { get; set; }

    public SimGroup? Master { get; set; }

    public bool Unbindable { get; set; }

    /// <summary>The group that dominates it when not its own master (mountinfo's <c>propagate_from</c>), as <see cref="DominatingGroups"/> last computed it.</summary>
    public SimGroup? PropagateFrom { get; set; }

    /// <summary>Child mounts in the order they were attached (the kernel's mnt_mounts order).</summary>
    public List<SimMount> Children { get; } = [];

    /// <summary>Whether it is still attached in its namespace.</summary>
    public bool Attached { get; set; } = true;

    /// <summary>Its place and type before the operation, kept on the mount itself (no map per prediction) by <see cref="MountStates"/>; null for a mount the operation creates.</summary>
    public MountState? Before { get; set; }

    /// <summary>The last diff that found it attached (<see cref="MountStates"/>).</summary>
    public int SeenInDiff { get; set; }

    /// <summary>The lab path of its mount point.</summary>
    public string Path => Parent is null ? Dentry : SimPath.Join(Parent.Path, SimPath.Relative(Dentry, Parent.Root) ?? "/");

    /// <summary>private, shared:5, master:3, shared:5 master:3 or unbindable, for explanations.</summary>
    public string TypeLabel => (Group, Master) switch
    {
        (not null, not null) => $"{Group.Label} master:{Master.Label}",
        (not null, null) => Group.Label,
        (null, not null) => $"master:{Master.Label}",
        _ => Unbindable ? "unbindable" : "private",
    };

    /// <summary>Its type in words, for explanations.</summary>
    public string TypeWords => (Group, Master) switch
    {
        (not null, not null) => $"shared ({Group.Label}) and a slave of {Master.Label}",
        (not null, null) => $"shared ({Group.Label})",
        (null, not null) => $"a slave of {Master.Label}",
        _ => Unbindable ? "unbindable" : "private",
    };

    /// <summary>The mount and every mount below it, parents before children (a new list: the tree may change while it is used).</summary>
    public List<SimMount> Subtree()
    {
        var list = new List<SimMount>();
        AddSubtreeTo(list);
        return list;
    }

    /// <summary>Adds the mount and every mount below it to <paramref name="list"/>, parents before children.</summary>
    public void AddSubtreeTo(List<SimMount> list)
    {
        list.Add(this);
        foreach (SimMount child in Children)
        {
            child.AddSubtreeTo(list);
        }
    }

    /// <summary>Where it is, for explanations: <c>/a/b</c>, or <c>c1:/a/b</c> outside the operation's namespace.</summary>
    public string Where(SimNamespace current) => Namespace == current ? Path : $"{Namespace.Name}:{Path}";

    public override string ToString() => $"#{Id} {Namespace.Name}:{Path} {TypeLabel}";
}
