using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// Attach events: a new mount, a bind, an rbind and a move. The tree is attached at the top-most
/// mount of the target path; when that mount is shared, the tree is given groups and copied to
/// every receiver whose root shows the mount point (R-NEWTYPE, R-BIND, R-RBIND, R-RECV,
/// R-COPYTYPE, R-TUCK, R-OVERMOUNT, R-MOVE).
/// </summary>
internal static class AttachSimulation
{
    /// <summary><c>mount -t tmpfs SRC TARGET</c>: a bind whose source is a private mount of a new superblock.</summary>
    public static void NewMount(SimLab lab, MountFilesystemOperation op)
    {
        if (op.FsType is not ("tmpfs" or "ramfs"))
        {
            throw new SimulationNotModelled($"A {op.FsType} mount may share a superblock with mounts that exist already; only tmpfs and ramfs, which always get a new one, are modelled.");
        }

        const MountFlags notPerMount = MountFlags.Bind | MountFlags.Move | MountFlags.Remount | MountFlags.Recursive
            | MountFlags.Shared | MountFlags.Slave | MountFlags.Private | MountFlags.Unbindable;
        if ((op.Flags & notPerMount) != 0)
        {
            throw new SimulationNotModelled($"The options `{op.Options}` ask for more than a new mount (bind, move, remount or a propagation change); only plain new mounts are modelled.");
        }

        SimNamespace ns = lab.Current;
        SimMount dest = SimLab.Resolve(ns, op.Target);
        var tree = new SimMount
        {
            Id = lab.NewId(),
            IsNew = true,
            Namespace = ns,
            Dentry = "/",
            Root = "/",
            Filesystem = new SimFilesystem(null, null, op.FsType, op.Source, ""),
        };
        lab.Explain(ns, op.Target, null, "R-NEWTYPE", $"A new {op.FsType} mount is private until attached; under {Describe(dest, ns)} it becomes {(dest.Group is null ? "private" : "shared, in a new group")}.");
        AttachTree(lab, tree, dest, SimLab.DentryOf(dest, op.Target), op.Target);
    }

    /// <summary><c>mount --bind</c> and <c>mount --rbind</c>.</summary>
    public static void Bind(SimLab lab, BindMountOperation op)
    {
        SimNamespace ns = lab.Current;
        SimMount source = SimLab.Resolve(ns, op.Source);
        if (source.Unbindable)
        {
            throw new SimulationRefusal("EINVAL", "R-UNBIND", $"The bind source {source.Path} is unbindable: it cannot be the source of a bind{(op.Recursive ? " (the root of an rbind)" : "")}. Make it private first (mount --make-private {source.Path}) or bind another path.");
        }

        SimMount dest = SimLab.Resolve(ns, op.Target);
        string sourceDentry = SimLab.DentryOf(source, op.Source);
        SimMount tree = CloneForBind(lab, source, sourceDentry, ns);
        if (op.Recursive)
        {
            foreach (SimMount child in source.Children.Where(c => SimPath.IsWithin(c.Dentry, sourceDentry)))
            {
                CopyPruned(lab, child, tree, ns);
            }
        }

        lab.Explain(ns, op.Target, null, "R-BIND", $"The bind copy of {source.Path} ({source.TypeWords}) under {Describe(dest, ns)} is {BindResult(source, dest)}.");
        AttachTree(lab, tree, dest, SimLab.DentryOf(dest, op.Target), op.Target);
    }

    /// <summary><c>mount --move</c>: errors in the kernel's order, then the tree is attached at its new place.</summary>
    public static void Move(SimLab lab, MoveMountOperation op)
    {
        SimNamespace ns = lab.Current;
        SimMount mount = SimLab.Resolve(ns, op.Source);
        if (mount.Path != op.Source)
        {
            throw new SimulationRefusal("EINVAL", "R-MOVE", $"{op.Source} is not a mount point (it lies inside the mount at {mount.Path}); only the root of a mount can be moved.");
        }

        if (mount.Parent is not SimMount parent)
        {
            throw new SimulationNotModelled($"{op.Source} is the root of the workspace view of {ns.Name}; its parent lies outside the lab, so the move is not modelled.");
        }

        if (parent.Group is not null)
        {
            throw new SimulationRefusal("EINVAL", "R-MOVE", $"{op.Source} sits under {parent.Path}, which is shared ({parent.Group.Label}); a mount residing under a shared mount cannot be moved. Make {parent.Path} private first (mount --make-private {parent.Path}).");
        }

        SimMount dest = SimLab.Resolve(ns, op.Target);
        HashSet<SimMount> tree = [.. mount.Subtree()];
        if (dest.Group is not null && tree.FirstOrDefault(m => m.Unbindable) is SimMount unbindable)
        {
            throw new SimulationRefusal("EINVAL", "R-MOVE", $"The destination {dest.Path} is shared ({dest.Group.Label}) and the moved tree contains the unbindable mount {unbindable.Path}, which could then be copied to receivers. Move it under a private mount, or make {unbindable.Path} private first.");
        }

        if (tree.Contains(dest))
        {
            throw new SimulationRefusal("ELOOP", "R-MOVE", $"The destination {op.Target} lies inside the tree being moved ({op.Source}); a mount cannot be moved into its own subtree.");
        }

        string dentry = SimLab.DentryOf(dest, op.Target);

        // The kernel walks dest's peers and slaves while the moved tree still hangs in the
        // propagation graph as it was: a moved mount that is a slave of dest's group receives a
        // copy of itself (before its new group makes it shared, so the copy is a plain slave).
        List<Receiver> receivers = lab.ReceiversOf(dest);
        SimLab.Detach(mount);
        lab.Explain(ns, op.Target, null, "R-MOVE", dest.Group is null
            ? $"{op.Source} moves to {op.Target} under {Describe(dest, ns)}; its type is unchanged and nothing propagates."
            : $"{op.Source} moves to {op.Target} under {Describe(dest, ns)}: every mount of the moved tree that is not shared gets a new group (a slave keeps its master), and the tree is copied to the receivers.");
        AttachTree(lab, mount, dest, dentry, op.Target, receivers);
    }

    private static string Describe(SimMount mount, SimNamespace ns) => $"{mount.Where(ns)} ({mount.TypeWords})";

    private static string BindResult(SimMount source, SimMount dest) => (source.Group, source.Master, dest.Group) switch
    {
        (not null, _, _) => $"a peer of the source, in {source.Group.Label}",
        (null, not null, not null) => $"shared+slave: a new group, still a slave of {source.Master.Label}",
        (null, not null, null) => $"a slave of {source.Master.Label}",
        (null, null, not null) => "shared, in a new group",
        _ => "private",
    };

    // clone_mnt without flags: a shared source gives a peer, a slave a slave of the same master.
    private static SimMount CloneForBind(SimLab lab, SimMount source, string root, SimNamespace ns) => new()
    {
        Id = lab.NewId(),
        IsNew = true,
        Namespace = ns,
        Dentry = source.Dentry,
        Root = root,
        Filesystem = source.Filesystem,
        MountOptions = source.MountOptions,
        Group = source.Group,
        Master = source.Master,
    };

    // copy_tree: an unbindable mount is skipped with its whole subtree (R-RBIND).
    private static void CopyPruned(SimLab lab, SimMount original, SimMount parentCopy, SimNamespace ns)
    {
        if (original.Unbindable)
        {
            lab.Explain(ns, original.Path, false, "R-RBIND", $"{original.Path} is unbindable: the rbind skips it and everything below it.");
            return;
        }

        SimMount copy = CloneForBind(lab, original, original.Root, ns);
        copy.Parent = parentCopy;
        parentCopy.Children.Add(copy);
        foreach (SimMount child in original.Children)
        {
            CopyPruned(lab, child, copy, ns);
        }
    }

    /// <summary>
    /// Attaches <paramref name="tree"/> at (<paramref name="dest"/>, <paramref name="dentry"/>) and
    /// propagates it. Copies are made before anything is attached (the kernel's order), so no
    /// copy contains another or a receiver's own mounts.
    /// </summary>
    /// <param name="lab">The lab.</param>
    /// <param name="tree">The new or moved tree.</param>
    /// <param name="dest">The mount it is attached to.</param>
    /// <param name="dentry">The mount point in <paramref name="dest"/>'s filesystem.</param>
    /// <param name="targetPath">The mount point's path, for explanations.</param>
    /// <param name="receivers">dest's receivers when they were taken before the tree was detached (a move); null to take them now.</param>
    private static void AttachTree(SimLab lab, SimMount tree, SimMount dest, string dentry, string targetPath, List<Receiver>? receivers = null)
    {
        SimNamespace ns = lab.Current;
        List<SimMount> treeMounts = [.. tree.Subtree()];
        var plans = new List<(SimMount Receiver, SimMount Copy)>();
        var considered = new HashSet<SimMount> { dest };

        // Taken before the tree's mounts get their new groups: those groups are not yet "shared"
        // while the kernel propagates (set_mnt_shared comes after propagate_mnt).
        receivers ??= lab.ReceiversOf(dest);
        if (dest.Group is SimGroup destGroup)
        {
            foreach (SimMount x in treeMounts.Where(x => x.Group is null))
            {
                x.Group = lab.NewGroup();
                x.Unbindable = false;
            }

            // Per group that receives: the group each tree mount's copies form there.
            var copyGroups = new Dictionary<SimGroup, Dictionary<SimMount, SimGroup>>
            {
                [destGroup] = treeMounts.ToDictionary(x => x, x => x.Group!),
            };
            var upstream = new Dictionary<SimGroup, SimGroup>();
            foreach (Receiver receiver in receivers)
            {
                SimMount r = receiver.Mount;
                if (receiver.PeerGroup is SimGroup g && receiver.MasterGroup is SimGroup m)
                {
                    upstream.TryAdd(g, m);
                }

                if (!considered.Add(r))
                {
                    continue;
                }

                if (!SimPath.IsWithin(dentry, r.Root))
                {
                    lab.Explain(r.Namespace, r.Path, false, "R-RECV", $"{r.Where(ns)} is {Relation(receiver, dest, ns)}, but the mount point lies outside its root {r.Root}, so it receives nothing.");
                    continue;
                }

                Func<SimMount, (SimGroup? Group, SimGroup? Master)> types;
                if (receiver.PeerGroup == destGroup)
                {
                    types = x => (x.Group, x.Master);
                }
                else
                {
                    Dictionary<SimMount, SimGroup> masters = MasterCopies(copyGroups, upstream, receiver.MasterGroup!);
                    if (receiver.PeerGroup is SimGroup own)
                    {
                        if (!copyGroups.TryGetValue(own, out Dictionary<SimMount, SimGroup>? groups))
                        {
                            groups = treeMounts.ToDictionary(x => x, _ => lab.NewGroup());
                            copyGroups[own] = groups;
                        }

                        types = x => (groups[x], masters[x]);
                    }
                    else
                    {
                        types = x => (null, masters[x]);
                    }
                }

                SimMount copy = Copy(lab, tree, r.Namespace, types);
                plans.Add((r, copy));
                string copyPath = SimPath.Join(r.Path, SimPath.Relative(dentry, r.Root)!);
                lab.Explain(r.Namespace, r.Path, true, "R-RECV", $"{r.Where(ns)} is {Relation(receiver, dest, ns)}, so the mount at {targetPath} is copied to {copyPath} ({Types(copy)}).");
            }
        }
        else
        {
            lab.Explain(ns, dest.Path, null, "R-RECV", dest.Master is null
                ? $"The parent {dest.Path} is {dest.TypeWords}: it sends no mount events, so nothing propagates."
                : $"The parent {dest.Path} is {dest.TypeWords}; slaves receive but never send, so nothing propagates.");
        }

        considered.UnionWith(treeMounts);
        ExplainOthers(lab, dest, considered, ns);

        SimLab.Attach(tree, dest, dentry);
        foreach ((SimMount r, SimMount copy) in plans)
        {
            SimMount? covering = r.Children.FirstOrDefault(c => c.Dentry == dentry);
            SimLab.Attach(copy, r, dentry);
            if (covering is not null)
            {
                SimLab.Detach(covering);
                SimLab.Attach(covering, copy, copy.Root);
                lab.Explain(r.Namespace, covering.Path, true, "R-TUCK", $"{covering.Where(ns)} was already mounted there: the copy goes under it and it is re-parented onto the copy, so it stays visible.");
            }
        }
    }

    private static Dictionary<SimMount, SimGroup> MasterCopies(
        Dictionary<SimGroup, Dictionary<SimMount, SimGroup>> copyGroups, Dictionary<SimGroup, SimGroup> upstream, SimGroup master)
    {
        // A group none of whose members received (roots elsewhere) passes its master's copies on.
        SimGroup group = master;
        while (!copyGroups.ContainsKey(group))
        {
            group = upstream.TryGetValue(group, out SimGroup? up) ? up : throw new InvalidOperationException($"No copies upstream of {master.Label}.");
        }

        return copyGroups[group];
    }

    private static SimMount Copy(SimLab lab, SimMount original, SimNamespace ns, Func<SimMount, (SimGroup? Group, SimGroup? Master)> types)
    {
        (SimGroup? group, SimGroup? master) = types(original);
        var copy = new SimMount
        {
            Id = lab.NewId(),
            IsNew = true,
            Namespace = ns,
            Dentry = original.Dentry,
            Root = original.Root,
            Filesystem = original.Filesystem,
            MountOptions = original.MountOptions,
            Group = group,
            Master = master,
        };
        foreach (SimMount child in original.Children)
        {
            SimMount c = Copy(lab, child, ns, types);
            c.Parent = copy;
            copy.Children.Add(c);
        }

        return copy;
    }

    private static string Types(SimMount copy) => copy.Group is null && copy.Master is not null
        ? $"a slave of {copy.Master.Label}"
        : copy.TypeWords;

    private static string Relation(Receiver receiver, SimMount dest, SimNamespace ns) => receiver.PeerGroup switch
    {
        SimGroup g when g == dest.Group => $"a peer of {dest.Where(ns)} in {g.Label}",
        SimGroup g => $"in {g.Label}, a slave of {receiver.MasterGroup!.Label} (via {receiver.Chain})",
        _ => $"a slave of {receiver.MasterGroup!.Label} (via {receiver.Chain})",
    };

    // Mounts of the same filesystem that could show the event and do not get it: the first rule that stops each.
    private static void ExplainOthers(SimLab lab, SimMount dest, HashSet<SimMount> considered, SimNamespace ns)
    {
        var upstream = new HashSet<SimGroup>();
        for (SimGroup? g = dest.Master ?? (dest.Group is null ? null : lab.AllMounts.FirstOrDefault(m => m.Group == dest.Group && m.Master is not null)?.Master); g is not null && upstream.Add(g);)
        {
            g = lab.AllMounts.FirstOrDefault(m => m.Group == g && m.Master is not null)?.Master;
        }

        foreach (SimMount m in lab.AllMounts.Where(m => !m.IsNew && m.Filesystem == dest.Filesystem && !considered.Contains(m)))
        {
            string text = m.Group is not null && upstream.Contains(m.Group)
                ? $"{m.Where(ns)} is in {m.Group.Label}, upstream of {dest.Path}: events never flow from a slave to its master."
                : dest.Group is null
                    ? $"{m.Where(ns)} gets nothing: the parent {dest.Path} is {dest.TypeWords} and sends no events."
                    : m.Group is null && m.Master is null
                        ? $"{m.Where(ns)} is {m.TypeWords}: it is in no peer group and has no master."
                        : $"{m.Where(ns)} is {m.TypeWords}, which is not reached from {dest.Group!.Label} through peer groups and master links.";
            lab.Explain(m.Namespace, m.Path, false, "R-RECV", text);
        }
    }
}
