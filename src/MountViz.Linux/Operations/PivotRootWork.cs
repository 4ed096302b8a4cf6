using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;

namespace MountViz.Linux.Operations;

/// <summary>
/// pivot_root NEW_ROOT PUT_OLD as the article's experiment B, in one executor call:
/// <c>pivot_root(new_root, put_old)</c>, <c>chdir("/")</c>, <c>umount2(put_old, MNT_DETACH)</c>,
/// and only then the namespace's workspace becomes its new <c>/</c>. Until the old root is
/// detached, the host's tree is reachable under put_old; a workspace of <c>/</c> would include it.
/// </summary>
internal static class PivotRootWork
{
    /// <summary>Checks every precondition, then pivots (the kernel has the last word).</summary>
    public static RunOutcome Run(WorkContext work, PivotRootOperation operation)
    {
        string newRoot;
        string putOld;
        string newSyscall;
        string oldSyscall;
        List<PivotRootPreconditions.Violation> violations;
        string call;
        ConfinedPath resolvedNew = work.Resolve(operation.NewRoot, "new_root");
        try
        {
            using ConfinedPath resolvedOld = work.Resolve(operation.PutOld, "put_old");
            newRoot = resolvedNew.AbsolutePath;
            putOld = resolvedOld.AbsolutePath;
            newSyscall = resolvedNew.SyscallPath;
            oldSyscall = resolvedOld.SyscallPath;
            violations = PivotRootPreconditions.Check(work.Tree, newRoot, resolvedNew.IsDirectory, putOld, resolvedOld.IsDirectory, work.Lab);
            call = $"pivot_root({CString.Literal(work.Lab(newRoot))}, {CString.Literal(work.Lab(putOld))})";

            // The fds stay open through the call: their /proc/thread-self/fd paths name exactly
            // the checked directories.
            try
            {
                Syscalls.PivotRoot(newSyscall, oldSyscall, operation.NewRoot);
            }
            catch (ErrnoException e)
            {
                return RunOutcome.Failed(e.Errno, call, PivotRootPreconditions.Explaining(violations, e.ErrnoName)?.Cause) with { Syscall = call };
            }
        }
        finally
        {
            resolvedNew.Dispose();
        }

        // The thread's root and working directory moved with the namespace's (they were the old
        // root). Where put_old is now, seen from the new root:
        string detach = PutOldFromNewRoot(newRoot, putOld);
        string calls = $"{call}; chdir(\"/\"); {new UmountCall(detach, UmountFlags.Detach)}";
        FileCalls.ChangeDirectory("/");
        try
        {
            Syscalls.Unmount(detach, UmountFlags.Detach, detach);
        }
        catch (ErrnoException e)
        {
            // The namespace keeps its old workspace path, which does not resolve from the new
            // root: nothing in it can reach the host's tree, and lab commands there fail.
            return RunOutcome.Failed(e.Errno, $"umount2({CString.Literal(detach)}, MNT_DETACH)") with
            {
                Syscall = calls,
                Notes = [$"pivot_root succeeded but the old root could not be detached; namespace {work.Input.Namespace} is unusable now: delete it (`rmns {work.Input.Namespace}`)."],
            };
        }

        string shownNewRoot = work.Lab(newRoot);
        work.Context.SetWorkspacePath("/");
        return new RunOutcome
        {
            Syscall = calls,
            NewCwd = "/",
            Notes = [$"The namespace's root is now what was {shownNewRoot}; its lab paths start there, and the old root is detached."],
        };
    }

    /// <summary>put_old's path once new_root is <c>/</c> (both are namespace paths, put_old at or under new_root).</summary>
    private static string PutOldFromNewRoot(string newRoot, string putOld) =>
        putOld == newRoot ? "/" : newRoot == "/" ? putOld : putOld[newRoot.Length..];
}
