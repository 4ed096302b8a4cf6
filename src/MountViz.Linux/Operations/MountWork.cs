using System.Collections.Frozen;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;

namespace MountViz.Linux.Operations;

/// <summary>
/// mount(2) operations inside the namespace: new filesystems, bind and rbind, move, remount and
/// propagation changes. Every path is resolved inside the workspace and handed to the kernel as
/// <see cref="ConfinedPath.SyscallPath"/> (the resolved object itself, whatever is swapped into
/// the path afterwards). Operations that add mounts are checked against the cap first.
/// </summary>
internal static class MountWork
{
    /// <summary>The filesystems a lab mounts: none needs a device, so no host disk can be mounted.</summary>
    public static readonly FrozenSet<string> FileSystems = new[] { "tmpfs", "ramfs", "proc", "overlay" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>mount -t TYPE [-o OPTIONS] SOURCE DIR.</summary>
    public static RunOutcome MountFileSystem(WorkContext work, MountFilesystemOperation operation)
    {
        if (!FileSystems.Contains(operation.FsType))
        {
            return RunOutcome.Refused(
                $"Labs mount {string.Join(", ", FileSystems)} only: filesystems that need no device. '{operation.FsType}' is not one of them (a device-backed filesystem would reach the host's disks).",
                new FailureCause("the filesystem type is one labs mount", $"'{operation.FsType}' is not tmpfs, ramfs, proc or overlay.", "Use `mount -t tmpfs NAME DIR`."));
        }

        using ConfinedPath target = work.Resolve(operation.Target, "mount point");
        var layers = new List<(string LabPath, ConfinedPath Path)>();
        try
        {
            foreach (string layer in MountOptions.PathsIn(operation.FsType, operation.Options))
            {
                ConfinedPath resolved = work.Resolve(layer, "overlay directory");
                layers.Add((layer, resolved));
                if (work.Lab(resolved) != layer)
                {
                    return RunOutcome.Refused(
                        $"The overlay directory {layer} goes through a symlink (it is {work.Lab(resolved)}); name the directory itself.",
                        new FailureCause("overlay directories are named without symlinks", $"{layer} is {work.Lab(resolved)} through a symlink.", $"Use {work.Lab(resolved)}."));
                }
            }

            if (work.CheckCap(1, addsInPlace: true, work.Tree.Containing(target.AbsolutePath)) is RunOutcome capped)
            {
                return capped;
            }

            // Overlay keeps its layer options as given and shows them in mountinfo: pass them
            // relative to the workspace root (the thread's working directory for the call), so
            // they read as lab paths. Each was checked to contain no symlink just above.
            string options = MountOptions.MapPaths(operation.FsType, operation.Options, Relative);
            (MountFlags flags, string? data) = MountOptions.ToFlagsAndData(options);
            string call = operation.ToCall(p => p).ToString();
            try
            {
                using (ConfinedPath root = work.Resolve("/", "workspace root"))
                {
                    Syscalls.ChangeDirectory(root.Fd, "/");
                }

                Syscalls.Mount(operation.Source, target.SyscallPath, operation.FsType, flags, data, operation.Target);
            }
            catch (ErrnoException e)
            {
                return RunOutcome.Failed(e.Errno, call);
            }
            finally
            {
                FileCalls.ChangeDirectory("/");
            }

            // A layer swapped for a symlink between the check and the call would have been
            // followed by the kernel: compare what each name is now with what was checked.
            foreach ((string layer, ConfinedPath resolved) in layers)
            {
                using ConfinedPath now = work.Resolve(layer, "overlay directory");
                if (Syscalls.Identity(now.Fd) != Syscalls.Identity(resolved.Fd))
                {
                    work.Unmount(work.Lab(target), UmountFlags.Detach);
                    return RunOutcome.Refused($"The overlay directory {layer} changed during the call; the overlay was unmounted again. Try again when nothing else changes the workspace.");
                }
            }

            return new RunOutcome();
        }
        finally
        {
            foreach ((_, ConfinedPath path) in layers)
            {
                path.Dispose();
            }
        }

        static string Relative(string labPath) => labPath == "/" ? "." : labPath.TrimStart('/');
    }

    /// <summary>mount --bind / --rbind SOURCE DIR.</summary>
    public static RunOutcome Bind(WorkContext work, BindMountOperation operation)
    {
        using ConfinedPath source = work.Resolve(operation.Source, "bind source");
        using ConfinedPath target = work.Resolve(operation.Target, "mount point");
        int treeSize = operation.Recursive ? work.Tree.RecursiveBindSource(source.AbsolutePath).Count : 1;
        if (work.CheckCap(treeSize, addsInPlace: true, work.Tree.Containing(target.AbsolutePath)) is RunOutcome capped)
        {
            return capped;
        }

        try
        {
            Syscalls.Mount(source.SyscallPath, target.SyscallPath, null, operation.Flags, null, operation.Target);
            return new RunOutcome();
        }
        catch (ErrnoException e)
        {
            return RunOutcome.Failed(e.Errno, operation.Call.ToString(), FailureCauses.Bind(work, source.AbsolutePath, operation.Recursive, e.ErrnoName));
        }
    }

    /// <summary>mount --move SOURCE DIR.</summary>
    public static RunOutcome Move(WorkContext work, MoveMountOperation operation)
    {
        using ConfinedPath source = work.Resolve(operation.Source, "mount to move");
        using ConfinedPath target = work.Resolve(operation.Target, "mount point");
        int treeSize = work.Tree.TopAt(source.AbsolutePath) is { } moved ? work.Tree.Subtree(moved).Count : 0;
        if (work.CheckCap(treeSize, addsInPlace: false, work.Tree.Containing(target.AbsolutePath)) is RunOutcome capped)
        {
            return capped;
        }

        try
        {
            Syscalls.Mount(source.SyscallPath, target.SyscallPath, null, MoveMountOperation.Flags, null, operation.Target);
            return new RunOutcome();
        }
        catch (ErrnoException e)
        {
            FailureCause? cause = FailureCauses.Move(work, source.AbsolutePath, source.IsDirectory, target.AbsolutePath, target.IsDirectory, e.ErrnoName);
            return RunOutcome.Failed(e.Errno, operation.Call.ToString(), cause);
        }
    }

    /// <summary>mount -o remount,... DIR.</summary>
    public static RunOutcome Remount(WorkContext work, RemountOperation operation)
    {
        using ConfinedPath target = work.Resolve(operation.Target, "mount point");
        MountCall call = operation.Call;
        try
        {
            Syscalls.Mount(null, target.SyscallPath, null, call.Flags, call.Data, operation.Target);
            return new RunOutcome();
        }
        catch (ErrnoException e)
        {
            return RunOutcome.Failed(e.Errno, call.ToString(), FailureCauses.NotAMountPoint(work, target.AbsolutePath, "a remount", e.ErrnoName));
        }
    }

    /// <summary>mount --make-[r]shared|private|slave|unbindable DIR.</summary>
    public static RunOutcome ChangePropagation(WorkContext work, ChangePropagationOperation operation)
    {
        using ConfinedPath target = work.Resolve(operation.Target, "mount point");
        try
        {
            Syscalls.Mount(null, target.SyscallPath, null, operation.Flags, null, operation.Target);
            return new RunOutcome();
        }
        catch (ErrnoException e)
        {
            return RunOutcome.Failed(e.Errno, operation.Call.ToString(), FailureCauses.NotAMountPoint(work, target.AbsolutePath, operation.OptionName, e.ErrnoName));
        }
    }
}
