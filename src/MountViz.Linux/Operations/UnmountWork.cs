using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;

namespace MountViz.Linux.Operations;

/// <summary>
/// umount [-l] [-R] inside the namespace. -R unmounts the mounts below the target first,
/// deepest first, as umount(8) does (<see cref="UnmountOperation.CallsFor"/>); before each call
/// the namespace's table is read again, so a mount that propagation already took away is
/// skipped instead of unmounting whatever lies under it.
/// </summary>
internal static class UnmountWork
{
    /// <summary>Runs the unmount.</summary>
    public static RunOutcome Run(WorkContext work, UnmountOperation operation)
    {
        string target;
        using (ConfinedPath resolved = work.Resolve(operation.Target, "mount point"))
        {
            // Only the path: an fd on the mount would itself keep it busy.
            target = resolved.AbsolutePath;
        }

        string shown = work.Lab(target);
        MountInfo? top = work.Tree.TopAt(target);
        if (top is not null && top.Id == work.WorkspaceRootMount?.Id)
        {
            return RunOutcome.Refused(
                $"{shown} is the lab's root, the workspace mount of namespace {work.Input.Namespace}: unmounting it would leave the namespace without its workspace.",
                new FailureCause("the target is not the lab's root mount", $"{shown} is the workspace itself.", "Unmount the mounts inside it, or delete the namespace (`rmns NAME`)."));
        }

        List<MountInfo> below = operation.Recursive && top is not null ? work.Tree.BelowDeepestFirst(top) : [];
        IReadOnlyList<UmountCall> calls = operation.CallsFor(below.Select(m => work.Lab(m.MountPoint)));
        var notes = new List<string>();
        var made = new List<string>();
        for (int i = 0; i < calls.Count; i++)
        {
            UmountCall call = calls[i];
            bool isTarget = i == calls.Count - 1;
            if (!isTarget)
            {
                // Propagation from an earlier call may already have removed it, or stacked something on it.
                MountInfo expected = below[i];
                var now = new MountTree(work.ReadCurrentTable());
                if (now.Table.Find(expected.Id) is not MountInfo still || !MountDiff.SameMount(expected, still))
                {
                    notes.Add($"{call.Target} was already gone (removed by propagation from an earlier call); skipped.");
                    continue;
                }

                if (now.TopAt(still.MountPoint)?.Id != still.Id)
                {
                    notes.Add($"{call.Target} is covered by another mount now; skipped.");
                    continue;
                }
            }

            string unmountPath = isTarget ? shown : call.Target;
            made.Add(new UmountCall(unmountPath, call.Flags).ToString());
            try
            {
                work.Unmount(unmountPath, call.Flags);
            }
            catch (ErrnoException e)
            {
                FailureCause? cause = isTarget
                    ? FailureCauses.Unmount(work, target, top, operation.Lazy, e.ErrnoName)
                    : FailureCauses.Unmount(work, below[i].MountPoint, below[i], operation.Lazy, e.ErrnoName);
                return RunOutcome.Failed(e.Errno, made[^1], cause) with { Syscall = string.Join("; ", made), Notes = [.. notes] };
            }
        }

        return new RunOutcome { Syscall = operation.Recursive ? string.Join("; ", made) : null, Notes = [.. notes] };
    }
}
