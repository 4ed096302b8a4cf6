using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Operations;

/// <summary>
/// Who receives a copy of a mount attached under a shared mount, across every namespace of a
/// lab (mount-propagation.md §2.3): the destination's peers, then every mount of every group
/// downstream of its group (a plain slave contributes itself, a shared slave its whole peer
/// group, recursively). Peer-group IDs are global, so one lookup spans the namespaces. This
/// is an upper bound: the kernel also skips receivers whose root does not show the mount
/// point (a bind of a subdirectory), which the tables do not tell.
/// </summary>
internal static class PropagationReceivers
{
    /// <summary>
    /// The receivers of an attach under <paramref name="destination"/> (a mount of namespace
    /// <paramref name="ns"/>), as (namespace, mount) pairs; empty unless it is shared.
    /// </summary>
    public static List<(string Namespace, MountInfo Mount)> Of(string ns, MountInfo destination, IReadOnlyList<(string Namespace, MountTable Table)> tables)
    {
        var receivers = new List<(string, MountInfo)>();
        if (destination.Shared is not int group)
        {
            return receivers;
        }

        var seen = new HashSet<(string, int)> { (ns, destination.Id) };
        AddGroup(group, tables, receivers, seen);
        var groups = new Queue<int>([group]);
        var visitedGroups = new HashSet<int> { group };
        while (groups.TryDequeue(out int master))
        {
            foreach ((string name, MountTable table) in tables)
            {
                if (!table.SlavesByMaster.TryGetValue(master, out IReadOnlyList<MountInfo>? slaves))
                {
                    continue;
                }

                foreach (MountInfo slave in slaves)
                {
                    if (seen.Add((name, slave.Id)))
                    {
                        receivers.Add((name, slave));
                    }

                    if (slave.Shared is int own && visitedGroups.Add(own))
                    {
                        AddGroup(own, tables, receivers, seen);
                        groups.Enqueue(own);
                    }
                }
            }
        }

        return receivers;
    }

    private static void AddGroup(int group, IReadOnlyList<(string Namespace, MountTable Table)> tables, List<(string, MountInfo)> receivers, HashSet<(string, int)> seen)
    {
        foreach ((string name, MountTable table) in tables)
        {
            if (table.PeerGroups.TryGetValue(group, out IReadOnlyList<MountInfo>? members))
            {
                foreach (MountInfo member in members)
                {
                    if (seen.Add((name, member.Id)))
                    {
                        receivers.Add((name, member));
                    }
                }
            }
        }
    }
}
