using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// mkdir, touch, echo and rmdir inside the namespace, each confined to the workspace: names are
/// created and removed with <c>*at</c> calls in a parent directory resolved with
/// <c>openat2(RESOLVE_IN_ROOT)</c>, files are opened with <c>openat2(RESOLVE_IN_ROOT)</c> from the
/// workspace root (symlinks, also swapped in during the call, resolve inside the workspace),
/// and only regular files on the lab's own tmpfs, ramfs or overlay mounts are written.
/// </summary>
internal static class FileWork
{
    private const ResolveFlags Confined = ResolveFlags.InRoot | ResolveFlags.NoMagicLinks;
    private const int EagainRetries = 16;

    /// <summary>mkdir [-p].</summary>
    public static RunOutcome MakeDirectories(WorkContext work, MakeDirectoryOperation operation)
    {
        foreach (string directory in operation.Directories)
        {
            if (!operation.Parents)
            {
                if (Create(work, directory) is RunOutcome failed)
                {
                    return failed;
                }

                continue;
            }

            string prefix = string.Empty;
            string[] parts = directory.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length; i++)
            {
                prefix += "/" + parts[i];
                bool last = i == parts.Length - 1;
                if (Existing(work, prefix) is bool isDirectory)
                {
                    if (!isDirectory)
                    {
                        return RunOutcome.Failed(last ? LibC.EEXIST : LibC.ENOTDIR, Call(prefix));
                    }

                    continue;
                }

                if (Create(work, prefix) is RunOutcome failed)
                {
                    // Someone made it meanwhile: as mkdir -p, fine if it is a directory now.
                    if (failed.Errno == LibC.EEXIST && Existing(work, prefix) == true)
                    {
                        continue;
                    }

                    return failed;
                }
            }
        }

        return new RunOutcome();

        static string Call(string path) => $"mkdir({CString.Literal(path)}, {CString.Mode(MakeDirectoryOperation.Mode)})";
    }

    /// <summary>touch: create (0644) or update the times of each file.</summary>
    public static RunOutcome CreateFiles(WorkContext work, CreateFileOperation operation)
    {
        foreach (string file in operation.Files)
        {
            RunOutcome? failed = WithOpenFile(work, file, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_NOCTTY | LibC.O_NONBLOCK, CreateFileOperation.Mode, fd =>
                FileCalls.TouchTimes(fd, file));
            if (failed is not null)
            {
                return failed;
            }
        }

        return new RunOutcome();
    }

    /// <summary>echo TEXT &gt; FILE or &gt;&gt; FILE.</summary>
    public static RunOutcome WriteFile(WorkContext work, WriteFileOperation operation)
    {
        int flags = LibC.O_WRONLY | LibC.O_CREAT | LibC.O_NOCTTY | LibC.O_NONBLOCK | (operation.Append ? LibC.O_APPEND : 0);
        return WithOpenFile(work, operation.File, flags, WriteFileOperation.Mode, fd =>
        {
            // Truncated only now, after the checks: O_TRUNC at open would empty a file MountViz then refuses to write.
            if (!operation.Append)
            {
                FileCalls.TruncateToEmpty(fd, operation.File);
            }

            FileCalls.Write(fd, operation.Content, operation.File);
        }) ?? new RunOutcome();
    }

    /// <summary>rmdir of each directory (a mount point gives EBUSY).</summary>
    public static RunOutcome RemoveDirectories(WorkContext work, RemoveDirectoryOperation operation)
    {
        foreach (string directory in operation.Directories)
        {
            (ConfinedPath parent, string name) = work.ResolveParent(directory, "directory to remove");
            using (parent)
            {
                if (WorkContext.CheckLabFileSystem(parent.Fd, directory) is RunOutcome refused)
                {
                    return refused;
                }

                try
                {
                    FileCalls.RemoveDirectoryAt(parent.Fd, name, directory);
                }
                catch (ErrnoException e)
                {
                    return RunOutcome.Failed(e.Errno, $"rmdir({CString.Literal(directory)})");
                }
            }
        }

        return new RunOutcome();
    }

    /// <summary>cd: the directory must exist in the workspace (fchdir on it is the real check).</summary>
    public static RunOutcome ChangeDirectory(WorkContext work, ChangeDirectoryOperation operation)
    {
        using ConfinedPath directory = work.Resolve(operation.Path, "directory");
        try
        {
            Syscalls.ChangeDirectory(directory.Fd, operation.Path);
        }
        catch (ErrnoException e)
        {
            return RunOutcome.Failed(e.Errno, $"chdir({CString.Literal(operation.Path)})");
        }
        finally
        {
            FileCalls.ChangeDirectory("/");
        }

        return new RunOutcome { NewCwd = operation.Path };
    }

    private static RunOutcome? Create(WorkContext work, string directory)
    {
        (ConfinedPath parent, string name) = work.ResolveParent(directory, "parent directory");
        using (parent)
        {
            if (WorkContext.CheckLabFileSystem(parent.Fd, directory) is RunOutcome refused)
            {
                return refused;
            }

            try
            {
                Syscalls.MakeDirectoryAt(parent.Fd, name, MakeDirectoryOperation.Mode, directory);
                return null;
            }
            catch (ErrnoException e)
            {
                return RunOutcome.Failed(e.Errno, $"mkdir({CString.Literal(directory)}, {CString.Mode(MakeDirectoryOperation.Mode)})");
            }
        }
    }

    /// <summary>True for a directory, false for something else, null when nothing is there.</summary>
    private static bool? Existing(WorkContext work, string path)
    {
        try
        {
            using ConfinedPath existing = work.Resolve(path, "directory");
            return existing.IsDirectory;
        }
        catch (PathRefusedException e) when (e.Errno == LibC.ENOENT)
        {
            return null;
        }
    }

    private static RunOutcome? WithOpenFile(WorkContext work, string file, int flags, int mode, Action<SafeFd> use)
    {
        string openCall = $"open({CString.Literal(file)}, ...)";

        // The directory that will hold a new file must be on a lab filesystem (not a proc mount).
        (ConfinedPath parent, _) = work.ResolveParent(file, "directory holding the file");
        using (parent)
        {
            if (WorkContext.CheckLabFileSystem(parent.Fd, file) is RunOutcome refused)
            {
                return refused;
            }
        }

        using ConfinedPath root = work.Resolve("/", "workspace root");
        string relative = file.TrimStart('/');
        int raw;
        int errno;
        int attempt = 0;
        do
        {
            raw = Syscalls.TryOpenAt2(root.Fd, relative, flags, (ushort)mode, Confined, out errno);
        }
        while (raw < 0 && errno == LibC.EAGAIN && ++attempt < EagainRetries);

        if (raw < 0)
        {
            return RunOutcome.Failed(errno, openCall);
        }

        using var fd = new SafeFd(raw);

        // Defence in depth: the kernel's name for what was opened is in the workspace...
        string absolute = Syscalls.ReadLink(work.Context.Proc, $"thread-self/fd/{fd.Fd}");
        if (WorkspaceView.ToLabPath(absolute, work.Workspace) is null)
        {
            return RunOutcome.Refused($"{file} resolved to {absolute}, outside the workspace; nothing was written.");
        }

        // ...on a lab filesystem (a symlink may lead into a proc mounted in the lab)...
        if (WorkContext.CheckLabFileSystem(fd, file) is RunOutcome notLab)
        {
            return notLab;
        }

        // ...and a regular file, not a device node or FIFO someone made from a shell.
        (_, _, uint fileMode) = Syscalls.Status(fd);
        if (!WorkContext.IsRegularFile(fileMode))
        {
            return RunOutcome.Refused(
                $"{file} is not a regular file (it is a directory, device, FIFO or socket); MountViz writes regular files only.",
                new FailureCause("the file is a regular file", $"{file} is not a regular file.", "Name a regular file, or a new name."));
        }

        try
        {
            use(fd);
            return null;
        }
        catch (ErrnoException e)
        {
            return RunOutcome.Failed(e.Errno, $"{e.Operation}(fd of {CString.Literal(file)})");
        }
    }
}
