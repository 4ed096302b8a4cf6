using MountViz.Core.Formatting;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// Who a mount shares mount events with, in every namespace drawn: peer group IDs are the
/// kernel's, the same in every namespace, so each namespace's table is searched by ID.
/// </summary>
/// <param name="Peers">Other members of its peer group (<c>shared:N</c> of its own N).</param>
/// <param name="Slaves">Mounts that receive from its peer group (<c>master:N</c> of its N).</param>
/// <param name="Masters">Members of the group it receives from (<c>shared:M</c> of its <c>master:M</c>).</param>
/// <param name="PropagateFrom">Members of its <c>propagate_from:P</c> group, when that group is drawn.</param>
public sealed record MountRelations(
    IReadOnlyList<RelatedMount> Peers,
    IReadOnlyList<RelatedMount> Slaves,
    IReadOnlyList<RelatedMount> Masters,
    IReadOnlyList<RelatedMount> PropagateFrom)
{
    /// <summary>No relation: a private or unbindable mount.</summary>
    public static MountRelations None { get; } = new([], [], [], []);

    /// <summary>True when every list is empty.</summary>
    public bool IsEmpty => Peers.Count == 0 && Slaves.Count == 0 && Masters.Count == 0 && PropagateFrom.Count == 0;

    /// <summary>The relations of <paramref name="mount"/> (of <paramref name="sourceId"/>) across <paramref name="namespaces"/>.</summary>
    /// <param name="sourceId">The namespace the mount is in.</param>
    /// <param name="mount">The inspected mount.</param>
    /// <param name="namespaces">Every namespace drawn, in graph order, with its current table.</param>
    public static MountRelations Of(string sourceId, MountInfo mount, IEnumerable<(string SourceId, string Label, MountTable Table)> namespaces)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(namespaces);
        var peers = new List<RelatedMount>();
        var slaves = new List<RelatedMount>();
        var masters = new List<RelatedMount>();
        var from = new List<RelatedMount>();
        foreach ((string id, string label, MountTable table) in namespaces)
        {
            foreach (MountInfo other in table.Mounts)
            {
                if (id == sourceId && other.Id == mount.Id)
                {
                    continue;
                }

                RelatedMount Related() => new(GraphIds.Mount(id, other.Id), id, label, other.Id, DisplayText.Of(other.MountPoint), DisplayText.Of(other.PropagationTags).Replace(',', ' '));
                if (mount.Shared is int group && other.Shared == group)
                {
                    peers.Add(Related());
                }

                if (mount.Shared is int own && other.Master == own)
                {
                    slaves.Add(Related());
                }

                if (mount.Master is int master && other.Shared == master)
                {
                    masters.Add(Related());
                }

                if (mount.PropagateFrom is int source && other.Shared == source)
                {
                    from.Add(Related());
                }
            }
        }

        return new MountRelations(peers, slaves, masters, from);
    }
}
