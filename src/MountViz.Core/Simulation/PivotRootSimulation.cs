using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// pivot_root as the lab runs it (R-PIVOT): <c>pivot_root(new_root, put_old)</c>, then
/// <c>umount2(put_old, MNT_DETACH)</c> of the old root, after which the namespace's view is
/// everything under its new root. The kernel's checks come in its order (fs/namespace.c: the
/// shared-mount rules, then EBUSY for the current root, then the mount-point rules). The current
/// root and the workspace root's parent lie outside the workspace view, so a success is predicted
/// only with the namespace's whole table (<see cref="SimLab.Whole"/>); without it only refusals
/// are. The pivot itself propagates nothing (none of the mounts it moves sits on a shared mount);
/// the detach of the old root is an <c>umount -l</c> of its tree, and each of its mounts whose
/// parent is shared propagates its umount to the receivers, in every namespace.
/// </summary>
internal static class PivotRootSimulation
{
    public static void PivotRoot(SimLab lab, PivotRootOperation op)
    {
        SimNamespace ns = lab.Current;
        if (lab.Whole.TryGetValue(ns.Name, out MountTable? whole))
        {
            PivotRoot(lab, ns, whole, op);
            return;
        }

        SimMount newRoot = SimLab.Resolve(ns, op.NewRoot);
        if (newRoot.Path != op.NewRoot)
        {
            throw NotAMountPoint(op, newRoot);
        }

        if (!SimPath.IsWithin(op.PutOld, op.NewRoot))
        {
            throw PutOldOutside(op);
        }

        SimMount holder = SimLab.Resolve(ns, op.PutOld);
        if (holder.Group is not null)
        {
            throw SharedHolder(holder);
        }

        if (newRoot.Parent is SimMount parent && parent.Group is not null)
        {
            throw SharedParent(parent.Path, parent.Group.Label);
        }

        throw new SimulationNotModelled(newRoot.Parent is null
            ? "new_root is the workspace root, whose parent lies outside the lab, and the namespace's whole table was not given: a successful pivot_root is not modelled without it."
            : "No precondition visible in the workspace fails; the check on the current root's parent (outside the workspace) and the effect of the lab's pivot_root on the workspace view need the namespace's whole table, which was not given.");
    }

    private static void PivotRoot(SimLab lab, SimNamespace ns, MountTable whole, PivotRootOperation op)
    {
        List<MountInfo> atRoot = [.. whole.Mounts.Where(m => m.MountPoint == "/")];
        if (atRoot.Count != 1)
        {
            throw new SimulationNotModelled(atRoot.Count == 0
                ? $"Namespace {ns.Name} shows no mount at / (its root is not a mount point, as after a chroot): pivot_root is not modelled there."
                : $"Namespace {ns.Name} has {atRoot.Count} mounts stacked at /; which one path lookups start from is not modelled.");
        }

        MountInfo root = atRoot[0];
        MountInfo? rootParent = root.ParentId == root.Id ? null : whole.Find(root.ParentId);
        var inView = ns.Mounts.ToDictionary(m => m.Id);
        SimMount? rootInView = inView.GetValueOrDefault(root.Id);

        SimMount newMount = SimLab.Resolve(ns, op.NewRoot);
        SimMount holder = SimLab.Resolve(ns, op.PutOld);

        // 1. The shared-mount rules (EINVAL): put_old's mount, new_root's parent, the current root's parent.
        if (holder.Group is not null)
        {
            throw SharedHolder(holder);
        }

        if (newMount.Parent is SimMount parent)
        {
            if (parent.Group is not null)
            {
                throw SharedParent(parent.Path, parent.Group.Label);
            }
        }
        else if (newMount.OutsideParentId is int outsideId && whole.Find(outsideId) is { Shared: int outsideGroup } outsideParent)
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"new_root's parent, the mount at {outsideParent.MountPoint} outside the workspace, is shared (shared:{outsideGroup}); pivot_root refuses. Pick a new_root whose parent is private.");
        }

        if (rootParent is { Shared: int rootParentGroup })
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"The current root's parent mount (at {rootParent.MountPoint}) is shared (shared:{rootParentGroup}); pivot_root refuses. Make it private first.");
        }

        // 2. Neither new_root's nor put_old's mount may be the current root (EBUSY).
        if (rootInView is not null && newMount == rootInView)
        {
            throw new SimulationRefusal("EBUSY", "R-PIVOT", op.NewRoot == "/"
                ? $"new_root {op.NewRoot} is the current root. Name another directory, a mount point inside the current root."
                : $"new_root {op.NewRoot} is not a mount point: it lies on the current root's own mount. Bind it onto itself first (mount --bind {op.NewRoot} {op.NewRoot}).");
        }

        if (rootInView is not null && holder == rootInView)
        {
            throw new SimulationRefusal("EBUSY", "R-PIVOT", $"put_old {op.PutOld} lies on the current root's own mount. Name a directory under new_root as put_old.");
        }

        // 3. The mount-point rules (EINVAL).
        if (newMount.Path != op.NewRoot)
        {
            throw NotAMountPoint(op, newMount);
        }

        if (!SimPath.IsWithin(op.PutOld, op.NewRoot))
        {
            throw PutOldOutside(op);
        }

        // The old root's tree is detached with propagation: a shared mount outside the view could
        // carry that to mounts the model does not have. A lab never has one (its copy of the host
        // is made rslave, the shelf is private), so this is a guard, not a gap.
        if (whole.Mounts.FirstOrDefault(m => m.Shared is not null && !inView.ContainsKey(m.Id)) is MountInfo sharedOutside)
        {
            throw new SimulationNotModelled($"The mount at {sharedOutside.MountPoint} in namespace {ns.Name}, outside the workspace, is shared (shared:{sharedOutside.Shared}); detaching the old root would propagate from it, which is not modelled.");
        }

        // pivot_root: new_root's mount takes the root's place (on the root's parent, outside every
        // view); the old root goes onto put_old, and the lab detaches it. In the view, the old
        // root's tree is the root itself when it is in the view (a namespace that pivoted
        // before), else every view root but new_root's mount (the workspace root).
        List<SimMount> oldTree = rootInView is not null ? [rootInView] : [.. ns.Roots.Where(r => r != newMount)];
        string shownNew = op.NewRoot;
        SimLab.Detach(newMount);
        newMount.Dentry = "/";
        newMount.OutsideParentId = root.ParentId == root.Id ? null : root.ParentId;
        ns.Roots.Insert(0, newMount);
        lab.StructureChanged();
        lab.Explain(ns, shownNew, null, "R-PIVOT", $"Neither put_old's mount ({holder.TypeWords}), nor new_root's parent, nor the current root's parent is shared, so pivot_root succeeds and propagates nothing: {shownNew} becomes the namespace's root, and its mounts' lab paths start there.");
        if (oldTree.Count == 0)
        {
            lab.Explain(ns, shownNew, null, "R-PIVOT", "The old root, attached at put_old and then detached by the lab (umount2(put_old, MNT_DETACH)), holds no mount of the workspace view.");
            return;
        }

        lab.Explain(ns, null, null, "R-UMOUNT", $"The old root, attached at put_old, is detached by the lab (umount2(put_old, MNT_DETACH)) with every mount on it: {string.Join(", ", oldTree.SelectMany(t => t.Subtree()).Select(m => m.Path))} leave the view; each whose parent is shared propagates its umount like umount -l.");
        UnmountSimulation.UnmountTrees(lab, oldTree, "a mount of the old root's tree");
    }

    private static SimulationRefusal NotAMountPoint(PivotRootOperation op, SimMount containing) =>
        new("EINVAL", "R-PIVOT", $"new_root {op.NewRoot} is not a mount point (it lies inside the mount at {containing.Path}); bind it onto itself first (mount --bind {op.NewRoot} {op.NewRoot}).");

    private static SimulationRefusal PutOldOutside(PivotRootOperation op) =>
        new("EINVAL", "R-PIVOT", $"put_old {op.PutOld} is not at or under new_root {op.NewRoot}; pick a directory below new_root.");

    private static SimulationRefusal SharedHolder(SimMount holder) =>
        new("EINVAL", "R-PIVOT", $"The mount holding put_old, {holder.Path}, is shared ({holder.Group!.Label}); pivot_root refuses so the old root cannot propagate. Make it private first (mount --make-private {holder.Path}).");

    private static SimulationRefusal SharedParent(string where, string group) =>
        new("EINVAL", "R-PIVOT", $"new_root's parent {where} is shared ({group}); pivot_root refuses. Make it private first (mount --make-private {where}).");
}
