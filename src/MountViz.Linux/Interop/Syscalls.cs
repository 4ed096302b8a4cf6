using System.Runtime.InteropServices;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using Tmds.Linux;

namespace MountViz.Linux.Interop;

/// <summary>
/// Checked system calls: Tmds.LibC (and raw <c>syscall(2)</c> for what it lacks) underneath,
/// <c>-1</c> + errno turned into <see cref="ErrnoException"/>, EINTR retried, fds returned as
/// <see cref="SafeFd"/>. Paths are strings in <see cref="MountText"/>'s lossless encoding, so
/// non-UTF-8 names survive. Mount-namespace calls belong on the namespace executor thread.
/// </summary>
internal static unsafe class Syscalls
{
    /// <summary><c>open(2)</c>; <c>O_CLOEXEC</c> is always added.</summary>
    public static SafeFd Open(string path, int flags, ushort mode = 0)
    {
        byte[] bytes = ToCString(path);
        int fd;
        fixed (byte* p = bytes)
        {
            do
            {
                fd = LibC.open(p, flags | LibC.O_CLOEXEC, mode);
            }
            while (Interrupted(fd));
        }

        return new SafeFd(Check(fd, "open", path));
    }

    /// <summary>
    /// <c>openat2(2)</c> (syscall 437) relative to <paramref name="directory"/>; <c>O_CLOEXEC</c>
    /// is always added.
    /// </summary>
    public static SafeFd OpenAt2(SafeFd directory, string path, int flags, ResolveFlags resolve, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        int fd = TryOpenAt2(directory, path, flags, resolve, out int errno);
        if (fd < 0)
        {
            throw new ErrnoException("openat2", errno, displayPath ?? path);
        }

        return new SafeFd(fd);
    }

    /// <summary><c>openat2(2)</c> that reports errno instead of throwing; returns the fd or -1.</summary>
    public static int TryOpenAt2(SafeFd directory, string path, int flags, ResolveFlags resolve, out int errno) =>
        TryOpenAt2(directory, path, flags, mode: 0, resolve, out errno);

    /// <summary>
    /// <c>openat2(2)</c> with <paramref name="mode"/> for <c>O_CREAT</c>; <c>O_CLOEXEC</c> is always
    /// added. Reports errno instead of throwing; returns the fd or -1.
    /// </summary>
    public static int TryOpenAt2(SafeFd directory, string path, int flags, ushort mode, ResolveFlags resolve, out int errno)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = ToCString(path);
        var how = new OpenHow
        {
            Flags = (ulong)(uint)(flags | LibC.O_CLOEXEC),
            Mode = (flags & LibC.O_CREAT) != 0 ? mode : 0UL,
            Resolve = (ulong)resolve,
        };
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            long result;
            fixed (byte* p = bytes)
            {
                do
                {
                    ssize_t raw = LibC.syscall(SyscallNumbers.OpenAt2, directory.Fd, p, &how, sizeof(OpenHow));
                    result = raw;
                }
                while (Interrupted(result));
            }

            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)result;
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary><c>mount(2)</c>.</summary>
    /// <param name="source">The source, or null (propagation changes, remounts).</param>
    /// <param name="target">The target path as the kernel should see it (may be a <c>/proc/thread-self/fd/N</c> path).</param>
    /// <param name="fileSystemType">The filesystem type, or null.</param>
    /// <param name="flags">The <c>MS_*</c> flags.</param>
    /// <param name="data">The filesystem options (<c>size=1m,mode=0755</c>), or null.</param>
    /// <param name="displayTarget">The target as the user named it, for the error message.</param>
    public static void Mount(string? source, string target, string? fileSystemType, MountFlags flags, string? data, string? displayTarget = null)
    {
        byte[]? sourceBytes = source is null ? null : ToCString(source);
        byte[] targetBytes = ToCString(target);
        byte[]? typeBytes = fileSystemType is null ? null : ToCString(fileSystemType);
        byte[]? dataBytes = data is null ? null : ToCString(data);
        int result;
        fixed (byte* s = sourceBytes, t = targetBytes, f = typeBytes, d = dataBytes)
        {
            do
            {
                result = LibC.mount(s, t, f, (ulong_t)(ulong)flags, d);
            }
            while (Interrupted(result));
        }

        Check(result, "mount", displayTarget ?? target);
    }

    /// <summary><c>umount2(2)</c>.</summary>
    public static void Unmount(string target, UmountFlags flags, string? displayTarget = null)
    {
        byte[] bytes = ToCString(target);
        int result;
        fixed (byte* t = bytes)
        {
            do
            {
                result = LibC.umount2(t, (int)flags);
            }
            while (Interrupted(result));
        }

        Check(result, "umount2", displayTarget ?? target);
    }

    /// <summary><c>unshare(2)</c> for the calling thread.</summary>
    public static void Unshare(CloneFlags flags) => Check(LibC.unshare((int)flags), "unshare", null);

    /// <summary><c>setns(2)</c>: moves the calling thread into the namespace <paramref name="fd"/> refers to.</summary>
    public static void SetNamespace(SafeFd fd, CloneFlags type, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            Check(LibC.setns(fd.Fd, (int)type), "setns", displayName);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary><c>fchdir(2)</c>: makes <paramref name="directory"/> the calling thread's working directory.</summary>
    public static void ChangeDirectory(SafeFd directory, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            Check(LibC.fchdir(directory.Fd), "fchdir", displayPath);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary><c>chroot(2)</c>.</summary>
    public static void ChangeRoot(string path)
    {
        byte[] bytes = ToCString(path);
        fixed (byte* p = bytes)
        {
            Check(LibC.chroot(p), "chroot", path);
        }
    }

    /// <summary><c>pivot_root(2)</c> (no glibc wrapper): syscall 155 on x86_64, 41 on arm64.</summary>
    public static void PivotRoot(string newRoot, string putOld, string? displayPath = null)
    {
        byte[] root = ToCString(newRoot);
        byte[] old = ToCString(putOld);
        long result;
        fixed (byte* r = root, o = old)
        {
            ssize_t raw = LibC.syscall(SyscallNumbers.PivotRoot, r, o);
            result = raw;
        }

        Check((int)result, "pivot_root", displayPath ?? newRoot);
    }

    /// <summary><c>mkdir(2)</c>; returns false when the path already exists (EEXIST).</summary>
    public static bool MakeDirectory(string path, ushort mode)
    {
        byte[] bytes = ToCString(path);
        int result;
        fixed (byte* p = bytes)
        {
            result = LibC.mkdir(p, mode);
        }

        if (result == -1 && Marshal.GetLastPInvokeError() == LibC.EEXIST)
        {
            return false;
        }

        Check(result, "mkdir", path);
        return true;
    }

    /// <summary><c>mkdirat(2)</c>: creates <paramref name="name"/> in the directory <paramref name="directory"/> refers to.</summary>
    public static void MakeDirectoryAt(SafeFd directory, string name, ushort mode, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = ToCString(name);
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            int result;
            fixed (byte* p = bytes)
            {
                result = LibC.mkdirat(directory.Fd, p, mode);
            }

            Check(result, "mkdir", displayPath ?? name);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary><c>stat(2)</c> (following links): the device and inode that identify the object.</summary>
    public static (ulong Device, ulong Inode) Identity(string path)
    {
        byte[] bytes = ToCString(path);
        Tmds.Linux.stat st;
        int result;
        fixed (byte* p = bytes)
        {
            do
            {
                result = LibC.stat(p, &st);
            }
            while (Interrupted(result));
        }

        Check(result, "stat", path);
        return (st.st_dev, st.st_ino);
    }

    /// <summary><c>fstat(2)</c>: the device and inode of the object <paramref name="fd"/> refers to.</summary>
    public static (ulong Device, ulong Inode) Identity(SafeFd fd)
    {
        (ulong device, ulong inode, _) = Status(fd);
        return (device, inode);
    }

    /// <summary><c>fstat(2)</c>: device, inode and <c>st_mode</c> (type and permission bits).</summary>
    public static (ulong Device, ulong Inode, uint Mode) Status(SafeFd fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        Tmds.Linux.stat st;
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            Check(LibC.fstat(fd.Fd, &st), "fstat", null);
            return (st.st_dev, st.st_ino, (ushort)st.st_mode);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>True when <paramref name="mode"/> (an <c>st_mode</c>) is a directory's.</summary>
    public static bool IsDirectory(uint mode) => (mode & (ushort)LibC.S_IFMT) == (ushort)LibC.S_IFDIR;

    /// <summary><c>fstatat(2)</c> (following links) relative to <paramref name="directory"/>: the device and inode.</summary>
    public static (ulong Device, ulong Inode) Identity(SafeFd directory, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = ToCString(relativePath);
        Tmds.Linux.stat st;
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            int result;
            fixed (byte* p = bytes)
            {
                result = LibC.fstatat(directory.Fd, p, &st, 0);
            }

            Check(result, "stat", relativePath);
            return (st.st_dev, st.st_ino);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary><c>readlink(2)</c>, decoded losslessly.</summary>
    public static string ReadLink(string path)
    {
        byte[] bytes = ToCString(path);
        byte[] buffer = new byte[4096 + 1];
        long length;
        fixed (byte* p = bytes, b = buffer)
        {
            ssize_t raw = LibC.readlink(p, b, buffer.Length);
            length = raw;
        }

        return Link(buffer, length, path);
    }

    /// <summary><c>readlinkat(2)</c> relative to <paramref name="directory"/>, decoded losslessly.</summary>
    public static string ReadLink(SafeFd directory, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = ToCString(relativePath);
        byte[] buffer = new byte[4096 + 1];
        long length;
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = bytes, b = buffer)
            {
                ssize_t raw = LibC.readlinkat(directory.Fd, p, b, buffer.Length);
                length = raw;
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }

        return Link(buffer, length, relativePath);
    }

    /// <summary>Throws <see cref="ErrnoException"/> with the thread's errno when <paramref name="result"/> is -1.</summary>
    public static int Check(int result, string operation, string? path)
    {
        if (result == -1)
        {
            throw new ErrnoException(operation, Marshal.GetLastPInvokeError(), path);
        }

        return result;
    }

    /// <summary>The exact bytes of <paramref name="path"/> with a trailing NUL.</summary>
    /// <exception cref="ArgumentException">The path contains a NUL character.</exception>
    public static byte[] ToCString(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A path cannot contain a NUL character: '{path.Replace('\0', '?')}'.", nameof(path));
        }

        byte[] encoded = MountText.Encode(path);
        byte[] result = new byte[encoded.Length + 1];
        encoded.CopyTo(result, 0);
        return result;
    }

    private static string Link(byte[] buffer, long length, string path)
    {
        Check((int)length, "readlink", path);
        if (length >= buffer.Length)
        {
            throw new ErrnoException("readlink", LibC.ENAMETOOLONG, path);
        }

        return MountText.Decode(buffer.AsSpan(0, (int)length));
    }

    private static bool Interrupted(long result) => result == -1 && Marshal.GetLastPInvokeError() == LibC.EINTR;
}
