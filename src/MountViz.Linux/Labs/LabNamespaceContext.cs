using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Namespaces;

namespace MountViz.Linux.Labs;

/// <summary>
/// What a piece of work sees while it runs on the executor thread inside one lab namespace
/// (<see cref="LabSession.RunInNamespaceAsync{T}"/>). Valid only during that call, on that
/// thread; dispose every <see cref="ConfinedPath"/> before returning.
/// </summary>
public sealed class LabNamespaceContext
{
    private readonly NamespaceExecutor _executor;
    private readonly LabNamespace _namespace;
    private bool _active = true;

    internal LabNamespaceContext(NamespaceExecutor executor, LabNamespace ns)
    {
        _executor = executor;
        _namespace = ns;
    }

    /// <summary>The lab.</summary>
    public string LabId => _namespace.LabId;

    /// <summary>The namespace's name.</summary>
    public string Name => _namespace.Name;

    /// <summary>The namespace's holder PID.</summary>
    public int HolderPid => _namespace.Holder.Pid;

    /// <summary>The namespace's inode.</summary>
    public ulong Inode => _namespace.Handle.Inode;

    /// <summary>The workspace root (lab <c>/</c>) in this namespace's own paths.</summary>
    public string WorkspacePath => _namespace.WorkspacePath;

    /// <summary>
    /// Resolves a lab path inside the workspace (see <see cref="WorkspaceResolver"/>): an
    /// <c>O_PATH</c> fd plus the verified absolute path.
    /// </summary>
    /// <exception cref="PathRefusedException">The path does not exist in the workspace or would leave it.</exception>
    public ConfinedPath Resolve(string labPath, bool followFinalSymlink = true)
    {
        VerifyActive();
        return WorkspaceResolver.Resolve(_executor.Proc, _namespace.WorkspacePath, labPath, followFinalSymlink);
    }

    /// <summary>Resolves the parent directory of a lab path and returns it with the last component's name.</summary>
    /// <exception cref="PathRefusedException">The path is the root or its parent is refused.</exception>
    public (ConfinedPath Parent, string Name) ResolveParent(string labPath)
    {
        VerifyActive();
        return WorkspaceResolver.ResolveParent(_executor.Proc, _namespace.WorkspacePath, labPath);
    }

    /// <summary>
    /// Records where the workspace root now is in this namespace's own paths, e.g. <c>/</c>
    /// after a pivot_root into the workspace, so views and later resolutions follow it. Call it
    /// only once the old root is detached (<c>umount2(put_old, MNT_DETACH)</c>): until then the
    /// host's tree is reachable under put_old, and a workspace of <c>/</c> would include it.
    /// </summary>
    public void SetWorkspacePath(string namespacePath)
    {
        VerifyActive();
        ArgumentException.ThrowIfNullOrEmpty(namespacePath);
        if (!namespacePath.StartsWith('/'))
        {
            throw new ArgumentException($"The workspace path must be absolute, not '{namespacePath}'.", nameof(namespacePath));
        }

        _namespace.WorkspacePath = namespacePath;
    }

    /// <summary>
    /// The server's own <c>/proc</c> (an fd opened at home): reaches <c>thread-self</c> of the
    /// executor even in a namespace whose root has no <c>/proc</c>, e.g. to read the mount table
    /// from inside the namespace or to name a file by its fd.
    /// </summary>
    internal SafeFd Proc
    {
        get
        {
            VerifyActive();
            return _executor.Proc;
        }
    }

    /// <summary>Throws unless on the executor thread, inside the call that received this context.</summary>
    public void VerifyActive()
    {
        _executor.VerifyCurrentThread();
        if (!_active)
        {
            throw new InvalidOperationException("This namespace context was used after its work returned; the executor thread has left the namespace.");
        }
    }

    internal void Close() => _active = false;
}
