using MountViz.Core.Labs;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Confinement;

/// <summary>
/// Resolves lab paths inside the workspace with <c>openat2(RESOLVE_IN_ROOT |
/// RESOLVE_NO_MAGICLINKS)</c> relative to an fd on the workspace root, on the executor thread
/// after it entered the lab namespace. The kernel then treats the workspace root as <c>/</c>
/// for the whole walk: <c>..</c> stops at it, absolute symlink targets (<c>/etc</c>) and
/// relative ones that climb (<c>../../..</c>) resolve inside it, and <c>/proc/self/root</c>-style
/// magic links are refused (ELOOP). This is race-free: there is no check-then-use window for a
/// symlink swapped in during the call.
/// </summary>
internal static class WorkspaceResolver
{
    private const int RaceRetries = 16;

    private const string ScopeNote = "lab paths, '..' and symlink targets are resolved inside the workspace, whose root is '/'";

    /// <summary>
    /// Resolves <paramref name="labPath"/> (absolute, <c>/</c> = workspace root) under
    /// <paramref name="workspacePath"/> (the workspace root in the current thread's namespace).
    /// </summary>
    /// <param name="proc">The server's own <c>/proc</c> (<see cref="Namespaces.NamespaceExecutor.Proc"/>).</param>
    /// <param name="workspacePath">The workspace root, as a path in the namespace the thread is in.</param>
    /// <param name="labPath">The lab path.</param>
    /// <param name="followFinalSymlink">False to get the symlink itself when the last component is one (<c>O_NOFOLLOW</c>).</param>
    /// <exception cref="PathRefusedException">The path is malformed, missing, or would leave the workspace.</exception>
    public static ConfinedPath Resolve(SafeFd proc, string workspacePath, string labPath, bool followFinalSymlink = true)
    {
        ArgumentNullException.ThrowIfNull(proc);
        ArgumentNullException.ThrowIfNull(workspacePath);
        CheckLabPath(labPath);
        SafeFd root = OpenWorkspaceRoot(workspacePath);
        string relative = labPath.TrimStart('/');
        SafeFd fd;
        if (relative.Length == 0)
        {
            fd = root;
        }
        else
        {
            try
            {
                fd = OpenBeneath(root, relative, labPath, followFinalSymlink);
            }
            finally
            {
                root.Dispose();
            }
        }

        try
        {
            return Verify(proc, fd, workspacePath, labPath);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Resolves the parent directory of <paramref name="labPath"/> and returns it with the last
    /// component, for calls that create or remove that component (<c>mkdirat</c>, <c>unlinkat</c>).
    /// </summary>
    /// <exception cref="PathRefusedException">The path is the root, ends in <c>.</c> or <c>..</c>, or its parent is refused.</exception>
    public static (ConfinedPath Parent, string Name) ResolveParent(SafeFd proc, string workspacePath, string labPath)
    {
        CheckLabPath(labPath);
        string trimmed = labPath.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            throw new PathRefusedException(labPath, "'/' is the workspace root: it has no parent directory to create or remove it in.");
        }

        int slash = trimmed.LastIndexOf('/');
        string name = trimmed[(slash + 1)..];
        if (name is "." or "..")
        {
            throw new PathRefusedException(labPath, $"'{labPath}' ends in '{name}', which names a directory by its relation to another; name the directory itself.");
        }

        string parentPath = slash == 0 ? "/" : trimmed[..slash];
        ConfinedPath parent = Resolve(proc, workspacePath, parentPath);
        if (!parent.IsDirectory)
        {
            parent.Dispose();
            throw new PathRefusedException(labPath, $"'{parentPath}' is not a directory, so '{labPath}' cannot be in it.", LibC.ENOTDIR);
        }

        return (parent, name);
    }

    private static void CheckLabPath(string labPath)
    {
        ArgumentNullException.ThrowIfNull(labPath);
        if (labPath.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathRefusedException(labPath, "A lab path cannot contain a NUL character.");
        }

        if (!labPath.StartsWith('/'))
        {
            throw new PathRefusedException(labPath, $"'{labPath}' is relative; lab paths given to the kernel are absolute ('/' is the workspace root). Resolve it against the current directory first.");
        }
    }

    private static SafeFd OpenWorkspaceRoot(string workspacePath)
    {
        try
        {
            // The workspace path itself is outside the workspace (in the lab's private shelf
            // mount, or '/' after pivot_root), so nothing the lab does can redirect it.
            return Syscalls.Open(workspacePath, LibC.O_PATH | LibC.O_DIRECTORY);
        }
        catch (ErrnoException e)
        {
            throw new PathRefusedException("/", $"The workspace root {workspacePath} cannot be opened in this namespace: {e.ErrnoName} ({e.Description}).", e.Errno, e);
        }
    }

    private static SafeFd OpenBeneath(SafeFd root, string relative, string labPath, bool followFinalSymlink)
    {
        int flags = LibC.O_PATH | (followFinalSymlink ? 0 : LibC.O_NOFOLLOW);
        for (int attempt = 0; ; attempt++)
        {
            int fd = Syscalls.TryOpenAt2(root, relative, flags, ResolveFlags.InRoot | ResolveFlags.NoMagicLinks, out int errno);
            if (fd >= 0)
            {
                return new SafeFd(fd);
            }

            // EAGAIN: the kernel saw a rename or mount race during a '..' walk and refused to
            // guess; a retry sees a consistent tree.
            if (errno == LibC.EAGAIN && attempt < RaceRetries)
            {
                continue;
            }

            throw Refusal(labPath, errno);
        }
    }

    private static PathRefusedException Refusal(string labPath, int errno)
    {
        string name = ErrnoNames.NameOf(errno);
        string meaning = ErrnoNames.Describe(errno);
        string message = errno switch
        {
            _ when errno == LibC.ENOENT =>
                $"'{labPath}' does not exist in the lab ({name}: {meaning}); {ScopeNote}.",
            _ when errno == LibC.ENOTDIR =>
                $"'{labPath}' was refused: one of its components is not a directory ({name}: {meaning}).",
            _ when errno == LibC.ELOOP =>
                $"'{labPath}' was refused ({name}: {meaning}): it goes through a /proc magic link such as /proc/self/root or /proc/PID/fd/N, which could lead out of the workspace and is never followed, or through too many symlinks.",
            _ when errno == LibC.EXDEV =>
                $"'{labPath}' was refused ({name}: {meaning}): resolving it would leave the workspace.",
            _ when errno == LibC.EAGAIN =>
                $"'{labPath}' was refused ({name}: {meaning}): the directory tree kept changing while it was resolved; try again.",
            _ when errno == LibC.ENAMETOOLONG =>
                $"'{labPath}' was refused ({name}: {meaning}): the path or one of its names is too long.",
            _ => $"'{labPath}' could not be resolved inside the workspace: {name} ({meaning}).",
        };
        return new PathRefusedException(labPath, message, errno);
    }

    private static ConfinedPath Verify(SafeFd proc, SafeFd fd, string workspacePath, string labPath)
    {
        // Defence in depth, and the path for messages: the kernel's own name for the fd (relative
        // to this thread's root, i.e. the namespace's) must be the workspace root or under it.
        string absolute = Syscalls.ReadLink(proc, $"thread-self/fd/{fd.Fd}");
        if (WorkspaceView.ToLabPath(absolute, workspacePath) is null)
        {
            throw new PathRefusedException(labPath, $"'{labPath}' resolved to {absolute}, which is not under the workspace {workspacePath}; refused.");
        }

        (ulong device, ulong inode, uint mode) = Syscalls.Status(fd);
        return new ConfinedPath(fd, labPath, absolute, Syscalls.IsDirectory(mode), SyscallPathFor(fd, absolute, (device, inode)));
    }

    private static string SyscallPathFor(SafeFd fd, string absolute, (ulong Device, ulong Inode) identity)
    {
        // /proc/thread-self/fd/N pins the exact object, but only where the namespace has a /proc
        // (not after a pivot_root that left it behind; the namespace's root is then inside the
        // workspace, so the verified path cannot name anything outside it either).
        try
        {
            return Syscalls.Identity(fd.ProcPath) == identity ? fd.ProcPath : absolute;
        }
        catch (ErrnoException)
        {
            return absolute;
        }
    }
}
