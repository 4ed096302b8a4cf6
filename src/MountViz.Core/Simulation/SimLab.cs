using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Simulation;

/// <summary>
/// The mutable model of a lab: every namespace's workspace view as a tree of
/// <see cref="SimMount"/>s, peer groups shared across namespaces (group IDs are global), and the
/// explanations gathered while an operation is applied.
/// </summary>
internal sealed class SimLab
{
    private readonly Dictionary<int, SimGroup> _groups = [];
    private readonly Dictionary<(uint, uint), SimFilesystem> _filesystems = [];
    private int _nextId;
    private int _newGroups;
    private List<SimMount>? _all;

    public Dictionary<string, SimNamespace> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>The namespace the operation runs in.</summary>
    public SimNamespace Current { get; set; } = null!;

    public List<PropagationExplanation> Explanations { get; } = [];

    /// <summary>
    /// Each namespace's whole table (its own paths), where the caller gave it: what lies outside
    /// the workspace view (the namespace's root and the workspace root's parent), which only
    /// pivot_root needs.
    /// </summary>
    public Dictionary<string, MountTable> Whole { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the model from each namespace's workspace table (lab paths).</summary>
    public static SimLab From(IReadOnlyDictionary<string, MountTable> namespaces)
    {
        var lab = new SimLab();
        int maxId = 0;
        foreach ((string name, MountTable table) in namespaces)
        {
            var ns = new SimNamespace(name, lab);
            lab.Namespaces[name] = ns;
            var byId = new Dictionary<int, SimMount>();
            foreach (MountInfo info in table.Mounts)
            {
                maxId = Math.Max(maxId, info.Id);
                if (byId.ContainsKey(info.Id))
                {
                    throw new SimulationNotModelled($"Namespace {name} lists mount ID {info.Id} twice; the table is inconsistent.");
                }

                byId[info.Id] = new SimMount
                {
                    Id = info.Id,
                    Namespace = ns,
                    Dentry = info.MountPoint,
                    Root = info.Root,
                    Filesystem = lab.Filesystem(info),
                    MountOptions = info.MountOptions,
                    Group = info.Shared is int g ? lab.Group(g) : null,
                    Master = info.Master is int m ? lab.Group(m) : null,
                    Unbindable = info.Unbindable,
                };
            }

            // Parents in file order: a parent may come after its child after a tuck or a move.
            foreach (MountInfo info in table.Mounts)
            {
                SimMount mount = byId[info.Id];
                if (info.ParentId != info.Id && byId.TryGetValue(info.ParentId, out SimMount? parent)
                    && SimPath.Relative(info.MountPoint, table.Find(info.ParentId)!.MountPoint) is string relative)
                {
                    mount.Parent = parent;
                    mount.Dentry = SimPath.Join(parent.Root, relative);
                    parent.Children.Add(mount);
                }
                else
                {
                    mount.OutsideParentId = info.ParentId == info.Id ? null : info.ParentId;
                    ns.Roots.Add(mount);
                }
            }

            // Every mount has one parent, so one on a loop of parents is reachable from no root.
            if (ns.Mounts.Count != byId.Count)
            {
                throw new SimulationNotModelled($"The mounts of namespace {name} form a loop of parents; the table is inconsistent.");
            }
        }

        lab._nextId = maxId + 1;
        return lab;
    }

    /// <summary>
    /// Every attached mount of every namespace, in namespace-name order, parents before children.
    /// Kept until a mount is attached or detached (<see cref="StructureChanged"/>): most of an
    /// operation reads it many times (peers, receivers, slaves) and changes it once or twice.
    /// </summary>
    public IReadOnlyList<SimMount> AllMounts =>
        _all ??= Collect();

    private List<SimMount> Collect()
    {
        var all = new List<SimMount>(_all?.Count ?? 64);
        foreach (SimNamespace ns in Namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            foreach (SimMount root in ns.Roots)
            {
                root.AddSubtreeTo(all);
            }
        }

        return all;
    }

    /// <summary>Drops the list of attached mounts: call after changing which mounts are attached where.</summary>
    public void StructureChanged() => _all = null;

    public SimGroup NewGroup() => SimGroup.New(++_newGroups);

    public int NewId() => _nextId++;

    private SimGroup Group(int id)
    {
        if (!_groups.TryGetValue(id, out SimGroup? group))
        {
            group = SimGroup.Existing(id);
            _groups[id] = group;
        }

        return group;
    }

    private SimFilesystem Filesystem(MountInfo info)
    {
        if (!_filesystems.TryGetValue((info.Major, info.Minor), out SimFilesystem? fs))
        {
            fs = new SimFilesystem(info.Major, info.Minor, info.FsType, info.Source, info.SuperOptions);
            _filesystems[(info.Major, info.Minor)] = fs;
        }

        return fs;
    }

    public void Explain(SimNamespace ns, string? path, bool? receives, string rule, string text) =>
        Explanations.Add(new PropagationExplanation(ns.Name, path, receives, rule, text));

    /// <summary>
    /// The mount a path lookup ends on: from the view root, into each mount whose mount point is
    /// on the way (the shortest first: a mount hides what lies below its mount point), up to the
    /// top of any stack.
    /// </summary>
    public static SimMount Resolve(SimNamespace ns, string path)
    {
        SimMount? current = ns.Roots.Where(r => SimPath.IsWithin(path, r.Path)).MinBy(r => SimPath.Depth(r.Path))
            ?? throw new SimulationNotModelled($"{path} lies outside the workspace view of namespace {ns.Name}.");
        while (true)
        {
            SimMount? next = current.Children
                .Where(c => SimPath.IsWithin(path, c.Path))
                .MinBy(c => SimPath.Depth(c.Path));
            if (next is null)
            {
                return current;
            }

            current = next;
        }
    }

    /// <summary>The dentry of <paramref name="path"/> in the filesystem of <paramref name="mount"/>, which the path lookup ended on.</summary>
    public static string DentryOf(SimMount mount, string path) =>
        SimPath.Join(mount.Root, SimPath.Relative(path, mount.Path) ?? throw new InvalidOperationException($"{path} is not under {mount.Path}."));

    /// <summary>The mount at <paramref name="path"/> when the path is the root of a mount, else EINVAL.</summary>
    public static SimMount MountRootAt(SimNamespace ns, string path, string what)
    {
        SimMount mount = Resolve(ns, path);
        if (mount.Path != path)
        {
            throw new SimulationRefusal("EINVAL", "R-STATE", $"{path} is not a mount point (it lies inside the mount at {mount.Path}); {what} needs the root of a mount.");
        }

        return mount;
    }

    /// <summary>
    /// The receivers of an event on a shared mount <paramref name="mount"/>: its peers, then every
    /// mount of every group downstream (breadth first over master links: a plain slave receives,
    /// a shared+slave brings in its whole group). Each with the group it receives from and how it
    /// is reached. Mounts the operation creates are never receivers.
    /// </summary>
    public List<Receiver> ReceiversOf(SimMount mount)
    {
        var receivers = new List<Receiver>();
        if (mount.Group is null)
        {
            return receivers;
        }

        IReadOnlyList<SimMount> all = AllMounts;
        var queue = new Queue<(SimGroup Group, SimGroup? From, string Chain)>();
        var seen = new HashSet<SimGroup> { mount.Group };
        queue.Enqueue((mount.Group, null, mount.Group.Label));
        while (queue.Count > 0)
        {
            (SimGroup group, SimGroup? from, string chain) = queue.Dequeue();
            foreach (SimMount member in all.Where(m => m.Group == group && m != mount && !m.IsNew))
            {
                receivers.Add(new Receiver(member, group, from, chain));
            }

            foreach (SimMount slave in all.Where(m => m.Master == group && !m.IsNew))
            {
                if (slave.Group is null)
                {
                    receivers.Add(new Receiver(slave, null, group, chain));
                }
                else if (seen.Add(slave.Group))
                {
                    queue.Enqueue((slave.Group, group, $"{chain} → {slave.Group.Label} (a slave of {group.Label})"));
                }
            }
        }

        return receivers;
    }

    /// <summary>
    /// A propagation-type change of one mount, as the kernel's <c>change_mnt_propagation</c>:
    /// make-shared gives a group (clearing unbindable); every other type first stops being shared
    /// (with peers: becomes a slave of its old group; alone: its slaves go to its master, or are
    /// orphaned), then make-private and make-unbindable drop the master.
    /// </summary>
    public void ChangeType(SimMount mount, Operations.PropagationType type) => ChangeTypes([mount], type);

    /// <summary>
    /// <see cref="ChangeType"/> of each of <paramref name="mounts"/> in turn (a make-r* walk, a
    /// clone's propagation, the removed mounts of an umount), with one index of group members
    /// and slaves for the whole walk instead of a scan of every mount per mount.
    /// </summary>
    /// <param name="mounts">The mounts, in the order the kernel changes them.</param>
    /// <param name="type">The new type.</param>
    /// <param name="changed">Called after each mount's change with its type in words before it.</param>
    public void ChangeTypes(IReadOnlyList<SimMount> mounts, Operations.PropagationType type, Action<SimMount, string>? changed = null)
    {
        TypeIndex? index = null;
        foreach (SimMount mount in mounts)
        {
            string was = changed is null ? "" : mount.TypeWords;
            if (type == Operations.PropagationType.Shared)
            {
                if (mount.Group is null)
                {
                    mount.Group = NewGroup();
                    index?.Join(mount.Group);
                }

                mount.Unbindable = false;
                changed?.Invoke(mount, was);
                continue;
            }

            if (mount.Group is SimGroup group)
            {
                index ??= new TypeIndex(AllMounts);
                bool hasPeers = index.HasPeers(mount, group);
                mount.Group = null;
                index.Leave(group);
                if (hasPeers)
                {
                    index.SetMaster(mount, group);
                }
                else
                {
                    foreach (SimMount slave in index.SlavesOf(group))
                    {
                        index.SetMaster(slave, mount.Master);
                        Explain(slave.Namespace, slave.Path, null, "R-STATE", mount.Master is null
                            ? $"{slave.Where(Current)} loses its master: {mount.Where(Current)} was the last member of {group.Label}, which had no master of its own (the slave is orphaned)"
                            : $"{slave.Where(Current)} is re-homed to master:{mount.Master.Label}: {mount.Where(Current)} was the last member of {group.Label}");
                    }
                }
            }

            if (type != Operations.PropagationType.Slave)
            {
                if (index is null)
                {
                    mount.Master = null;
                }
                else
                {
                    index.SetMaster(mount, null);
                }

                mount.Unbindable = type == Operations.PropagationType.Unbindable;
            }

            changed?.Invoke(mount, was);
        }
    }

    /// <summary>Attaches <paramref name="child"/> to <paramref name="parent"/> at <paramref name="dentry"/>.</summary>
    public static void Attach(SimMount child, SimMount parent, string dentry)
    {
        parent.Namespace.Lab.StructureChanged();
        child.Namespace.Lab.StructureChanged();
        child.Parent = parent;
        child.OutsideParentId = null;
        child.Dentry = dentry;
        child.Namespace = parent.Namespace;
        parent.Children.Add(child);
        foreach (SimMount m in child.Subtree())
        {
            m.Namespace = parent.Namespace;
            m.Attached = true;
        }
    }

    /// <summary>Takes <paramref name="mount"/> (with its subtree) off its parent.</summary>
    public static void Detach(SimMount mount)
    {
        mount.Namespace.Lab.StructureChanged();
        if (mount.Parent is SimMount parent)
        {
            parent.Children.Remove(mount);
        }
        else
        {
            mount.Namespace.Roots.Remove(mount);
        }

        mount.Parent = null;
    }
}

/// <summary>A mount an event propagates to.</summary>
/// <param name="Mount">The receiving mount.</param>
/// <param name="PeerGroup">The group it receives as a member of (for a plain slave: null).</param>
/// <param name="MasterGroup">For a receiver downstream, the group it is a slave of (through its own group or itself).</param>
/// <param name="Chain">The groups the event passed, for explanations.</param>
internal sealed record Receiver(SimMount Mount, SimGroup? PeerGroup, SimGroup? MasterGroup, string Chain);
