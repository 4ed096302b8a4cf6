using MountViz.Linux.Interop;

namespace MountViz.Linux.Namespaces;

/// <summary>
/// An open nsfs fd of one mount namespace plus its inode (the number <c>lsns</c> and
/// <c>readlink /proc/PID/ns/mnt</c> show). The fd keeps the namespace alive and lets the
/// executor <c>setns</c> into exactly this namespace, whatever happens to PIDs.
/// </summary>
internal sealed class MountNamespaceHandle : IDisposable
{
    /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
    public MountNamespaceHandle(SafeFd fd, ulong inode, string name)
    {
        Fd = fd;
        Inode = inode;
        Name = name;
    }

    /// <summary>The nsfs fd.</summary>
    public SafeFd Fd { get; }

    /// <summary>The namespace's inode number.</summary>
    public ulong Inode { get; }

    /// <summary>A name for messages (<c>lab 3f9a1c02 namespace base</c>).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public void Dispose() => Fd.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (mnt:[{Inode}])";
}
