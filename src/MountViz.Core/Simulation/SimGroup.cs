namespace MountViz.Core.Simulation;

/// <summary>
/// One peer group of the simulation, compared by reference: two mounts are peers when they hold
/// the same object. A group that existed before the operation keeps its kernel ID; one the
/// operation creates only gets an ordinal.
/// </summary>
internal sealed class SimGroup
{
    private SimGroup(int? id, int? newIndex)
    {
        Id = id;
        NewIndex = newIndex;
    }

    /// <summary>The kernel's ID, for a group that existed before the operation.</summary>
    public int? Id { get; }

    /// <summary>1, 2... for the groups the operation creates.</summary>
    public int? NewIndex { get; }

    /// <summary>Scratch for <see cref="DominatingGroups"/>: the run that last found a member of this group in the lab.</summary>
    public int RunToken { get; set; }

    /// <summary>Scratch for <see cref="DominatingGroups"/>: the group's master in that run.</summary>
    public SimGroup? ChainMaster { get; set; }

    /// <summary>Scratch for <see cref="DominatingGroups"/>: the namespace pass that last found a member of this group in its namespace.</summary>
    public int NamespaceToken { get; set; }

    /// <summary>Scratch for <see cref="DominatingGroups"/>: the namespace pass that last resolved which group dominates this group's slaves.</summary>
    public int DominatedToken { get; set; }

    /// <summary>Scratch for <see cref="DominatingGroups"/>: that group, or null.</summary>
    public SimGroup? Dominating { get; set; }

    public static SimGroup Existing(int id) => new(id, null);

    public static SimGroup New(int index) => new(null, index);

    public GroupRef ToRef() => new(Id, NewIndex);

    /// <summary><c>shared:5</c> or <c>new group 1</c>, for explanations.</summary>
    public string Label => Id is int id ? $"shared:{id}" : $"new group {NewIndex}";

    public override string ToString() => Label;
}
