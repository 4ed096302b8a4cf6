using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// pivot_root's preconditions that the workspace view shows (R-PIVOT). The namespace's current
/// root lies outside the view (its parent's type is one of the kernel's checks), and what the
/// lab's pivot does to the view afterwards is not modelled, so only a refusal is predicted: every
/// check that can still follow a failed visible one returns EINVAL as well.
/// </summary>
internal static class PivotRootSimulation
{
    public static void PivotRoot(SimLab lab, PivotRootOperation op)
    {
        SimNamespace ns = lab.Current;
        SimMount newRoot = SimLab.Resolve(ns, op.NewRoot);
        if (newRoot.Path != op.NewRoot)
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"new_root {op.NewRoot} is not a mount point (it lies inside the mount at {newRoot.Path}); bind it onto itself first (mount --bind {op.NewRoot} {op.NewRoot}).");
        }

        if (!SimPath.IsWithin(op.PutOld, op.NewRoot))
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"put_old {op.PutOld} is not at or under new_root {op.NewRoot}; pick a directory below new_root.");
        }

        SimMount holder = SimLab.Resolve(ns, op.PutOld);
        if (holder.Group is not null)
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"The mount holding put_old, {holder.Path}, is shared ({holder.Group.Label}); pivot_root refuses so the old root cannot propagate. Make it private first (mount --make-private {holder.Path}).");
        }

        if (newRoot.Parent is SimMount parent && parent.Group is not null)
        {
            throw new SimulationRefusal("EINVAL", "R-PIVOT", $"new_root's parent {parent.Path} is shared ({parent.Group.Label}); pivot_root refuses. Make it private first (mount --make-private {parent.Path}).");
        }

        throw new SimulationNotModelled(newRoot.Parent is null
            ? "new_root is the workspace root, whose parent lies outside the lab: pivot_root is not modelled."
            : "No precondition visible in the workspace fails; the check on the current root's parent (outside the workspace) and the effect of the lab's pivot_root on the workspace view are not modelled.");
    }
}
