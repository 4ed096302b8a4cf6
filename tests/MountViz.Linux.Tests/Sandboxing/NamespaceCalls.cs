using System.Text;
using Tmds.Linux;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// Mount-related system calls made inside a sandbox's mount namespace, with byte paths. Valid
/// only on the thread <see cref="Sandbox.Run"/> moved into the namespace: any other thread is in
/// the host's namespace, where a mount would change the machine.
/// </summary>
public sealed unsafe class NamespaceCalls
{
    private readonly int _threadId;

    internal NamespaceCalls(int threadId) => _threadId = threadId;

    /// <summary>mkdir(2) with mode 0755.</summary>
    public void MakeDirectory(byte[] path)
    {
        EnsureThread();
        fixed (byte* p = BytePath.NullTerminated(path))
        {
            SyscallException.Check(LibC.mkdir(p, 0x1ed), "mkdir", path);
        }
    }

    /// <summary>mount(2) of a new tmpfs; <paramref name="flags"/> are MS_* mount flags (0 for rw).</summary>
    public void MountTmpfs(byte[] source, byte[] target, string options, ulong flags = 0) =>
        Mount(source, target, "tmpfs", flags, options);

    /// <summary>A bind mount (MS_BIND, not recursive) of <paramref name="source"/> on <paramref name="target"/>.</summary>
    public void Bind(byte[] source, byte[] target) => Mount(source, target, null, LibC.MS_BIND, null);

    /// <summary>Makes the bind mount at <paramref name="target"/> read-only (the superblock stays rw).</summary>
    public void RemountBindReadOnly(byte[] target) =>
        Mount(null, target, null, LibC.MS_REMOUNT | LibC.MS_BIND | LibC.MS_RDONLY, null);

    /// <summary>mount --make-shared.</summary>
    public void MakeShared(byte[] target) => Mount(null, target, null, LibC.MS_SHARED, null);

    /// <summary>mount --make-slave.</summary>
    public void MakeSlave(byte[] target) => Mount(null, target, null, LibC.MS_SLAVE, null);

    /// <summary>mount --make-private.</summary>
    public void MakePrivate(byte[] target) => Mount(null, target, null, LibC.MS_PRIVATE, null);

    /// <summary>mount --make-unbindable.</summary>
    public void MakeUnbindable(byte[] target) => Mount(null, target, null, LibC.MS_UNBINDABLE, null);

    /// <summary>umount2(2) without flags.</summary>
    public void Unmount(byte[] target)
    {
        EnsureThread();
        fixed (byte* p = BytePath.NullTerminated(target))
        {
            SyscallException.Check(LibC.umount2(p, 0), "umount2", target);
        }
    }

    /// <summary>The device and mount ID of what <paramref name="path"/> reaches in this namespace.</summary>
    public PathStat Stat(byte[] path)
    {
        EnsureThread();
        return Statx.Of(path);
    }

    /// <summary>mount(2) as is; null arguments are passed as NULL.</summary>
    public void Mount(byte[]? source, byte[] target, string? fsType, ulong flags, string? data)
    {
        EnsureThread();
        byte[]? sourceZ = source is null ? null : BytePath.NullTerminated(source);
        byte[]? typeZ = fsType is null ? null : BytePath.NullTerminated(Encoding.ASCII.GetBytes(fsType));
        byte[]? dataZ = data is null ? null : BytePath.NullTerminated(Encoding.ASCII.GetBytes(data));
        fixed (byte* s = sourceZ)
        fixed (byte* t = BytePath.NullTerminated(target))
        fixed (byte* f = typeZ)
        fixed (byte* d = dataZ)
        {
            SyscallException.Check(LibC.mount(s, t, f, (ulong_t)flags, d), $"mount(type {fsType ?? "NULL"}, flags 0x{flags:x})", target);
        }
    }

    private void EnsureThread()
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException(
                "NamespaceCalls used off the sandbox thread: this thread is in the host's mount namespace. Make every call inside the Sandbox.Run callback, without await.");
        }
    }
}
