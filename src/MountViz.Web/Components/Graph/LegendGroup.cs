using MountViz.Core.Model;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Graph;

/// <summary>A peer group in the graph's legend: its colour and how many mounts are in it or receive from it.</summary>
/// <param name="Group">The peer group ID N.</param>
/// <param name="Label"><c>shared:N</c>.</param>
/// <param name="Color">Its colour in the graph (<c>#rrggbb</c>).</param>
/// <param name="Members">Mounts drawn with <c>shared:N</c>, across the namespaces shown.</param>
/// <param name="Slaves">Mounts drawn with <c>master:N</c>.</param>
public sealed record LegendGroup(int Group, string Label, string Color, int Members, int Slaves)
{
    /// <summary>
    /// The groups drawn now, by ascending ID, with the colours the graph uses: every group that
    /// has a member or a slave in one of <paramref name="mapper"/>'s namespaces.
    /// </summary>
    public static IReadOnlyList<LegendGroup> Of(GraphMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var members = new Dictionary<int, int>();
        var slaves = new Dictionary<int, int>();
        foreach (string sourceId in mapper.SourceIds)
        {
            MountTable? table = mapper.TableOf(sourceId);
            foreach (var mount in table?.Mounts ?? [])
            {
                if (mount.Shared is int shared)
                {
                    members[shared] = members.GetValueOrDefault(shared) + 1;
                }

                if (mount.Master is int master)
                {
                    slaves[master] = slaves.GetValueOrDefault(master) + 1;
                }
            }
        }

        return [.. members.Keys.Union(slaves.Keys).Order().Select(group =>
        {
            GraphPeerGroupDto dto = mapper.Palette.Describe(group);
            return new LegendGroup(group, dto.Label, dto.Color, members.GetValueOrDefault(group), slaves.GetValueOrDefault(group));
        })];
    }

    /// <summary>"2 peers · 1 slave": what the group holds, in words.</summary>
    public string Counts
    {
        get
        {
            string peers = Members == 1 ? "1 mount" : $"{Members} peers";
            return Slaves == 0 ? peers : $"{peers} · {Slaves} {(Slaves == 1 ? "slave" : "slaves")}";
        }
    }
}
