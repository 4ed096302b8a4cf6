using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>A peer group in a prediction: an existing one (its ID) or one the operation creates (<c>newIndex</c> 1, 2...).</summary>
/// <param name="Id">The existing group's ID; null for a new group.</param>
/// <param name="NewIndex">1, 2... for the groups the operation creates, in order; null for an existing group.</param>
/// <param name="Label"><c>5</c> or <c>new group 1</c>, as the tags write it.</param>
public sealed record GroupRefDto(int? Id, int? NewIndex, string Label)
{
    /// <summary>Maps a group reference; null stays null.</summary>
    public static GroupRefDto? From(GroupRef? group) => group is null ? null : new(group.Id, group.NewIndex, group.ToString());
}
