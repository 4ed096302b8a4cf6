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
            // umount -R: one call per mount, the deepest first, then the target.
            foreach (SimMount m in mount.Subtree().Reverse().ToList())
            {
                if (m.Attached)
                {
                    UnmountOne(lab, m, op.Lazy);
                }
            }
        }
        else
        {
            UnmountOne(lab, mount, op.Lazy);
        }
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
        var unmounting = new List<SimMount>(own);
        var set = new HashSet<SimMount>(own);
        var candidates = new List<SimMount>();
        foreach (SimMount x in own)
        {
            SimMount parent = x.Parent!;
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

        // A candidate with a mount strictly inside it that stays is kept; keeping it may keep its parent candidate.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (SimMount c in candidates.Where(set.Contains).ToList())
            {
                SimMount? inside = c.Children.FirstOrDefault(ch => !set.Contains(ch) && ch.Dentry != c.Root);
                if (inside is not null)
                {
                    set.Remove(c);
                    changed = true;
                    lab.Explain(c.Namespace, c.Path, false, "R-UMOUNT", $"{c.Where(ns)} would be unmounted by propagation, but {inside.Where(ns)} is mounted inside it, so it is kept.");
                }
            }
        }

        foreach (SimMount c in candidates.Where(set.Contains))
        {
            lab.Explain(c.Namespace, c.Path, true, "R-UMOUNT", $"{c.Where(ns)} is the copy of {mount.Path} at the same place in a receiver of {c.Parent!.Where(ns)}'s group ({c.Parent.TypeWords}), so it is unmounted too.");
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

                c.Children.Remove(over);
                SimLab.Attach(over, newParent, place.Dentry);
                lab.Explain(over.Namespace, over.Path, true, "R-UMOUNT", $"{over.Where(ns)} sat on the root of {c.Where(ns)}, which is unmounted: it is re-parented onto {newParent.Where(ns)}.");
            }
        }

        foreach (SimMount m in removed)
        {
            lab.ChangeType(m, PropagationType.Private);
        }

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
