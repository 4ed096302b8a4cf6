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

    public static SimGroup Existing(int id) => new(id, null);

    public static SimGroup New(int index) => new(null, index);

    public GroupRef ToRef() => new(Id, NewIndex);

    /// <summary><c>shared:5</c> or <c>new group 1</c>, for explanations.</summary>
    public string Label => Id is int id ? $"shared:{id}" : $"new group {NewIndex}";

    public override string ToString() => Label;
}
