using System.Globalization;

namespace MountViz.Core.Simulation;

/// <summary>
/// A peer group in a prediction: either a group that exists now (its kernel ID) or one the
/// operation creates, named symbolically ("new group 1"). The kernel allocates the lowest free
/// ID and reuses IDs at once, so a new group's number is never predicted.
/// </summary>
/// <param name="Id">The existing group's ID, or null for a new group.</param>
/// <param name="NewIndex">1, 2... for the groups the operation creates, in the order it creates them; null for an existing group.</param>
public sealed record GroupRef(int? Id, int? NewIndex)
{
    /// <summary>Whether the operation creates this group.</summary>
    public bool IsNew => Id is null;

    /// <summary><c>5</c> for group 5, <c>new group 1</c> for the first new group.</summary>
    public override string ToString() => Id is int id
        ? id.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"new group {NewIndex}");
}
