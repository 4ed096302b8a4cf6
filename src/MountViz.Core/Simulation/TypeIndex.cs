namespace MountViz.Core.Simulation;

/// <summary>
/// Who else is in a group, and who are a group's slaves, for <see cref="SimLab.ChangeTypes"/>.
/// The first few questions scan the attached mounts (a single make-* or umount asks one or
/// two); after that the answers come from maps built once and kept up to date, so a make-r* over
/// n mounts costs O(n) rather than a scan of every mount per mount.
/// </summary>
internal sealed class TypeIndex(IReadOnlyList<SimMount> attached)
{
    /// <summary>How many questions are answered by scanning before the maps are built.</summary>
    private const int Scans = 4;

    private int _peerQuestions;
    private int _slaveQuestions;
    private Dictionary<SimGroup, int>? _members;
    private Dictionary<SimMount, int>? _order;
    private Dictionary<SimGroup, HashSet<SimMount>>? _slaves;

    /// <summary>Whether an attached mount other than <paramref name="mount"/> is in <paramref name="group"/> (asked before <paramref name="mount"/> leaves it).</summary>
    public bool HasPeers(SimMount mount, SimGroup group)
    {
        if (_members is null && ++_peerQuestions <= Scans)
        {
            foreach (SimMount m in attached)
            {
                if (m != mount && m.Group == group)
                {
                    return true;
                }
            }

            return false;
        }

        if (_members is null)
        {
            _members = [];
            foreach (SimMount m in attached)
            {
                if (m.Group is SimGroup g)
                {
                    _members[g] = _members.GetValueOrDefault(g) + 1;
                }
            }
        }

        return _members.GetValueOrDefault(group) - (Order.ContainsKey(mount) ? 1 : 0) > 0;
    }

    /// <summary>Call after a mount joins <paramref name="group"/>.</summary>
    public void Join(SimGroup group)
    {
        if (_members is not null)
        {
            _members[group] = _members.GetValueOrDefault(group) + 1;
        }
    }

    /// <summary>Call after a mount leaves <paramref name="group"/>.</summary>
    public void Leave(SimGroup group)
    {
        if (_members is not null)
        {
            _members[group] = _members.GetValueOrDefault(group) - 1;
        }
    }

    /// <summary>The slaves of <paramref name="group"/> now, in the order of <see cref="SimLab.AllMounts"/>.</summary>
    public List<SimMount> SlavesOf(SimGroup group)
    {
        if (_slaves is null && ++_slaveQuestions <= Scans)
        {
            return [.. attached.Where(m => m.Master == group)];
        }

        if (_slaves is null)
        {
            _slaves = [];
            foreach (SimMount m in attached)
            {
                if (m.Master is SimGroup master)
                {
                    SlaveSet(master).Add(m);
                }
            }
        }

        return _slaves.TryGetValue(group, out HashSet<SimMount>? slaves)
            ? [.. slaves.OrderBy(m => Order.GetValueOrDefault(m, int.MaxValue))]
            : [];
    }

    /// <summary>Sets the mount's master, keeping the maps.</summary>
    public void SetMaster(SimMount mount, SimGroup? master)
    {
        if (mount.Master == master)
        {
            return;
        }

        if (_slaves is not null && mount.Master is SimGroup old && _slaves.TryGetValue(old, out HashSet<SimMount>? slaves))
        {
            slaves.Remove(mount);
        }

        mount.Master = master;
        if (_slaves is not null && master is not null)
        {
            SlaveSet(master).Add(mount);
        }
    }

    private Dictionary<SimMount, int> Order
    {
        get
        {
            if (_order is null)
            {
                _order = new Dictionary<SimMount, int>(attached.Count);
                for (int i = 0; i < attached.Count; i++)
                {
                    _order[attached[i]] = i;
                }
            }

            return _order;
        }
    }

    private HashSet<SimMount> SlaveSet(SimGroup group)
    {
        if (!_slaves!.TryGetValue(group, out HashSet<SimMount>? set))
        {
            set = [];
            _slaves[group] = set;
        }

        return set;
    }
}
