using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// umount, umount -l and umount -R with the kernel's umount propagation (R-UMOUNT): under a
/// shared parent the receivers' mounts at the same dentry are candidates; a candidate with a
/// mount strictly inside it that stays is kept; an overmount of a removed candidate is
/// re-parented to its place; every removed mount is made private (which may orphan slaves).
/// </summary>
internal static class UnmountSimulation
{
    public static void Unmount(SimLab lab, UnmountOperation op)
    {
        SimNamespace ns = lab.Current;
        SimMount mount = SimLab.Resolve(ns, op.Target);
        if (mount.Path != op.Target)
        {
            throw new SimulationRefusal("EINVAL", "R-UMOUNT", $"{op.Target} is not a mount point (it lies inside the mount at {mount.Path}); only the root of a mount can be unmounted.");
        }

        lab.Explain(ns, null, null, "R-UMOUNT", "A lab runs no user processes, so no mount is busy (open file or working directory): busy-ness is not predicted beyond that.");
        if (op.Recursive)
        {
            // umount -R: as umount(8), one call per mount below the target, deepest first and
            // siblings in ID order, then the target. Each call goes by path, so a mount that
            // an earlier call's propagation took away, or that is covered now (its path leads
            // to another mount), is skipped; the call at the target hits whatever is on top there.
            foreach (SimMount m in BelowDeepestFirst(mount))
            {
                if (m.Attached && SimLab.Resolve(ns, m.Path) == m)
                {
                    UnmountOne(lab, m, op.Lazy);
                }
            }

            SimMount top = SimLab.Resolve(ns, op.Target);
            if (top.Path != op.Target)
            {
                throw new SimulationRefusal("EINVAL", "R-UMOUNT", $"After the mounts below it were unmounted, {op.Target} is no mount point any more (it lies inside the mount at {top.Path}).");
            }

            UnmountOne(lab, top, op.Lazy);
        }
        else
        {
            UnmountOne(lab, mount, op.Lazy);
        }
    }

    /// <summary>
    /// The lazy umount of view roots whose parents outside the view are not shared (the caller
    /// checks), as <c>umount -l</c> of the mount above them: each of their mounts is an event of
    /// its own. pivot_root's old root, which the lab detaches, is such a tree.
    /// </summary>
    public static void UnmountTrees(SimLab lab, IReadOnlyList<SimMount> tops, string origin)
    {
        List<SimMount> own = [.. tops.SelectMany(t => t.Subtree())];
        if (own.Count > 0)
        {
            Remove(lab, tops[0], own, origin);
        }
    }

    /// <summary>Whether a mount that stays hangs below <paramref name="mount"/>, through mounts that are being unmounted.</summary>
    private static bool HasStayingBelow(SimMount mount, HashSet<SimMount> set) =>
        set.Contains(mount) && mount.Children.Any(ch => !set.Contains(ch) || HasStayingBelow(ch, set));

    /// <summary>The mounts below <paramref name="mount"/> in the order umount -R unmounts them: post-order, siblings by ID.</summary>
    private static List<SimMount> BelowDeepestFirst(SimMount mount)
    {
        var order = new List<SimMount>();
        foreach (SimMount child in mount.Children.OrderBy(c => c.Id).ToList())
        {
            order.AddRange(BelowDeepestFirst(child));
            order.Add(child);
        }

        return order;
    }

    private static void UnmountOne(SimLab lab, SimMount mount, bool lazy)
    {
        SimNamespace ns = lab.Current;
        if (mount.Parent is null)
        {
            throw new SimulationNotModelled($"{mount.Path} is the root of the workspace view of {ns.Name}; its parent lies outside the lab, so its umount is not modelled.");
        }

        if (!lazy && mount.Children.Count > 0)
        {
            throw new SimulationRefusal("EBUSY", "R-UMOUNT", $"{mount.Path} has mounts on or below it ({string.Join(", ", mount.Children.Select(c => c.Path))}); unmount those first, or use umount -l (lazy) or umount -R.");
        }

        List<SimMount> own = lazy ? [.. mount.Subtree()] : [mount];
        Remove(lab, mount, own, mount.Path);
    }

    /// <summary>
    /// Removes <paramref name="own"/> (the mounts the call itself unmounts, parents before
    /// children) with the propagation of each: candidates, the kept ones, re-parented
    /// overmounts, and every removed mount made private.
    /// </summary>
    /// <param name="lab">The model.</param>
    /// <param name="mount">The top of what is unmounted, for explanations.</param>
    /// <param name="own">The mounts unmounted by the call; one whose parent lies outside the view must have a parent that is not shared (the caller checks).</param>
    /// <param name="origin">What the candidates are copies of, for explanations.</param>
    private static void Remove(SimLab lab, SimMount mount, List<SimMount> own, string origin)
    {
        SimNamespace ns = lab.Current;
        var unmounting = new List<SimMount>(own);
        var set = new HashSet<SimMount>(own);
        var candidates = new List<SimMount>();
        foreach (SimMount x in own)
        {
            if (x.Parent is not SimMount parent)
            {
                // Outside the view, on a parent the caller found not shared: nothing propagates.
                continue;
            }

            if (parent.Group is null)
            {
                if (x == mount)
                {
                    lab.Explain(ns, parent.Path, null, "R-UMOUNT", $"The parent {parent.Where(ns)} is {parent.TypeWords}: only {x.Path} is removed, nothing propagates.");
                }

                continue;
            }

            foreach (Receiver receiver in lab.ReceiversOf(parent))
            {
                SimMount? candidate = receiver.Mount.Children.FirstOrDefault(c => c.Dentry == x.Dentry);
                if (candidate is not null && set.Add(candidate))
                {
                    candidates.Add(candidate);
                    unmounting.Add(candidate);
                }
            }
        }

        // A candidate with a mount strictly inside it (not on its root) that stays is kept, and
        // so is one with a candidate strictly inside it below which something stays: that
        // mount is re-parented onto it (the kernel's trim_ancestors). Keeping one may keep its
        // parent candidate.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (SimMount c in candidates.Where(set.Contains).ToList())
            {
                SimMount? inside = c.Children.FirstOrDefault(ch => ch.Dentry != c.Root && !set.Contains(ch));
                SimMount? carrier = inside is null ? c.Children.FirstOrDefault(ch => ch.Dentry != c.Root && HasStayingBelow(ch, set)) : null;
                if (inside is not null || carrier is not null)
                {
                    set.Remove(c);
                    changed = true;
                    lab.Explain(c.Namespace, c.Path, false, "R-UMOUNT", inside is not null
                        ? $"{c.Where(ns)} would be unmounted by propagation, but {inside.Where(ns)} is mounted inside it, so it is kept."
                        : $"{c.Where(ns)} would be unmounted by propagation, but below {carrier!.Where(ns)}, which is unmounted, a mount stays and is re-parented onto {c.Where(ns)}, so it is kept.");
                }
            }
        }

        foreach (SimMount c in candidates.Where(set.Contains))
        {
            lab.Explain(c.Namespace, c.Path, true, "R-UMOUNT", $"{c.Where(ns)} is the copy of {origin} at the same place in a receiver of {c.Parent!.Where(ns)}'s group ({c.Parent.TypeWords}), so it is unmounted too.");
        }

        List<SimMount> removed = [.. unmounting.Where(set.Contains)];

        // Overmounts of removed candidates take the candidate's place.
        foreach (SimMount c in removed)
        {
            foreach (SimMount over in c.Children.Where(ch => !set.Contains(ch)).ToList())
            {
                SimMount place = c;
                while (place.Parent is SimMount p && set.Contains(p))
                {
                    place = p;
                }

                if (place.Parent is not SimMount newParent)
                {
                    throw new SimulationNotModelled($"{over.Path} would be re-parented outside the workspace view; not modelled.");
                }

                SimLab.Detach(over);
                SimLab.Attach(over, newParent, place.Dentry);
                lab.Explain(over.Namespace, over.Path, true, "R-UMOUNT", $"{over.Where(ns)} sat on the root of {c.Where(ns)}, which is unmounted: it is re-parented onto {newParent.Where(ns)}.");
            }
        }

        lab.ChangeTypes(removed, PropagationType.Private);

        foreach (SimMount m in removed)
        {
            if (m.Parent is null || !set.Contains(m.Parent))
            {
                SimLab.Detach(m);
            }

            m.Attached = false;
        }
    }
}
