using System.Runtime.InteropServices;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// The fd-relative file calls the operations need beyond <see cref="Syscalls"/>: creating and
/// writing files with <c>openat2(RESOLVE_IN_ROOT)</c>, removing directories, reading
/// directories and files through fds, and asking which filesystem an fd is on. Same pattern as
/// <see cref="Syscalls"/>: <c>-1</c> + errno become <see cref="ErrnoException"/>, EINTR is retried.
/// </summary>
internal static unsafe partial class FileCalls
{
    /// <summary><c>TMPFS_MAGIC</c> (<c>&lt;linux/magic.h&gt;</c>).</summary>
    public const long TmpfsMagic = 0x01021994;

    /// <summary><c>RAMFS_MAGIC</c>.</summary>
    public const long RamfsMagic = 0x858458f6;

    /// <summary><c>OVERLAYFS_SUPER_MAGIC</c>.</summary>
    public const long OverlayMagic = 0x794c7630;

    /// <summary><c>PROC_SUPER_MAGIC</c>.</summary>
    public const long ProcMagic = 0x9fa0;

    /// <summary><c>DT_DIR</c>.</summary>
    public const byte DirectoryType = 4;

    /// <summary><c>DT_REG</c>.</summary>
    public const byte RegularType = 8;

    /// <summary><c>DT_LNK</c>.</summary>
    public const byte SymlinkType = 10;

    /// <summary><c>DT_UNKNOWN</c>: the filesystem did not say; stat the entry.</summary>
    public const byte UnknownType = 0;

    /// <summary>Offset of <c>d_reclen</c> in <c>struct linux_dirent64</c> (d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name).</summary>
    internal const int DirentRecordLength = 16;

    /// <summary>Offset of <c>d_type</c>.</summary>
    internal const int DirentType = 18;

    /// <summary>Offset of <c>d_name</c>.</summary>
    internal const int DirentName = 19;

    /// <summary>Room for <c>struct statfs</c> (120 bytes on x86_64 and arm64; <c>f_type</c>, 8 bytes, first on both).</summary>
    internal const int StatfsBufferSize = 256;

    /// <summary><c>openat(2)</c> of one name in <paramref name="directory"/>; <c>O_CLOEXEC</c> is always added.</summary>
    public static SafeFd OpenAt(SafeFd directory, string name, int flags, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = Syscalls.ToCString(name);
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            int fd;
            fixed (byte* p = bytes)
            {
                do
                {
                    fd = LibC.openat(directory.Fd, p, flags | LibC.O_CLOEXEC, 0);
                }
                while (Interrupted(fd));
            }

            return new SafeFd(Syscalls.Check(fd, "open", displayPath ?? name));
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/> (<c>write(2)</c>, repeated for short writes).</summary>
    public static void Write(SafeFd fd, ReadOnlySpan<byte> data, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            fixed (byte* start = data)
            {
                int done = 0;
                while (done < data.Length)
                {
                    ssize_t raw = LibC.write(fd.Fd, start + done, (size_t)(ulong)(data.Length - done));
                    long written = raw;
                    if (Interrupted(written))
                    {
                        continue;
                    }

                    Syscalls.Check(written < 0 ? -1 : 0, "write", displayPath);
                    done += (int)written;
                }
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary><c>ftruncate(fd, 0)</c>.</summary>
    public static void TruncateToEmpty(SafeFd fd, string? displayPath = null) =>
        WithFd(fd, raw => LibC.ftruncate(raw, 0), "ftruncate", displayPath);

    /// <summary><c>futimens(fd, NULL)</c>: sets the access and modification times to now, as touch(1) does.</summary>
    public static void TouchTimes(SafeFd fd, string? displayPath = null) =>
        WithFd(fd, raw => LibC.futimens(raw, null), "futimens", displayPath);

    /// <summary><c>fchdir(2)</c> is in <see cref="Syscalls"/>; this is <c>chdir(2)</c> by path, for <c>chdir("/")</c> after pivot_root.</summary>
    public static void ChangeDirectory(string path)
    {
        byte[] bytes = Syscalls.ToCString(path);
        fixed (byte* p = bytes)
        {
            Syscalls.Check(LibC.chdir(p), "chdir", path);
        }
    }

    /// <summary><c>unlinkat(dir, name, AT_REMOVEDIR)</c>: rmdir of one name, never following a symlink.</summary>
    public static void RemoveDirectoryAt(SafeFd directory, string name, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = Syscalls.ToCString(name);
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = bytes)
            {
                Syscalls.Check(LibC.unlinkat(directory.Fd, p, LibC.AT_REMOVEDIR), "rmdir", displayPath ?? name);
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary><c>fstatat(dir, name, AT_SYMLINK_NOFOLLOW)</c>: the entry's <c>st_mode</c>.</summary>
    public static uint ModeAt(SafeFd directory, string name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        byte[] bytes = Syscalls.ToCString(name);
        Tmds.Linux.stat st;
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = bytes)
            {
                Syscalls.Check(LibC.fstatat(directory.Fd, p, &st, LibC.AT_SYMLINK_NOFOLLOW), "stat", name);
            }

            return (uint)st.st_mode;
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// <c>fstatfs(2)</c>: the magic number of the filesystem <paramref name="fd"/> is on
    /// (works on <c>O_PATH</c> fds).
    /// </summary>
    public static long FileSystemType(SafeFd fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        byte* buffer = stackalloc byte[StatfsBufferSize];
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int result;
            do
            {
                result = NativeFstatfs(fd.Fd, buffer);
            }
            while (Interrupted(result));

            Syscalls.Check(result, "fstatfs", null);
            return *(long*)buffer;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The entries of the directory <paramref name="directory"/> (opened for reading), without
    /// <c>.</c> and <c>..</c>: raw names decoded losslessly (<see cref="MountText"/>) and <c>d_type</c>.
    /// </summary>
    public static List<(string Name, byte Type)> ReadDirectory(SafeFd directory, int limit)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var entries = new List<(string Name, byte Type)>();
        byte[] buffer = new byte[32 * 1024];
        bool added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            while (entries.Count < limit)
            {
                long read;
                fixed (byte* b = buffer)
                {
                    do
                    {
                        read = NativeGetdents64(directory.Fd, b, (nuint)buffer.Length);
                    }
                    while (Interrupted(read));
                }

                Syscalls.Check(read < 0 ? -1 : 0, "getdents64", null);
                if (read == 0)
                {
                    break;
                }

                int offset = 0;
                while (offset < read)
                {
                    int length = BitConverter.ToUInt16(buffer, offset + DirentRecordLength);
                    byte type = buffer[offset + DirentType];
                    ReadOnlySpan<byte> name = buffer.AsSpan(offset + DirentName, length - DirentName);
                    name = name[..name.IndexOf((byte)0)];
                    if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                    {
                        entries.Add((MountText.Decode(name), type));
                    }

                    offset += length;
                }
            }

            return entries;
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads a file to its end through <paramref name="directory"/>: for
    /// <c>thread-self/mountinfo</c> under the executor's own <c>/proc</c>, which works whatever
    /// the namespace's root holds.
    /// </summary>
    public static byte[] ReadAll(SafeFd directory, string relative)
    {
        using SafeFd file = OpenAt(directory, relative, LibC.O_RDONLY);
        var output = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                long read;
                fixed (byte* b = buffer)
                {
                    do
                    {
                        ssize_t raw = LibC.read(file.Fd, b, (size_t)(ulong)buffer.Length);
                        read = raw;
                    }
                    while (Interrupted(read));
                }

                Syscalls.Check(read < 0 ? -1 : 0, "read", relative);
                if (read == 0)
                {
                    return output.ToArray();
                }

                output.Write(buffer, 0, (int)read);
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static void WithFd(SafeFd fd, Func<int, int> call, string operation, string? displayPath)
    {
        ArgumentNullException.ThrowIfNull(fd);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int result;
            do
            {
                result = call(fd.Fd);
            }
            while (Interrupted(result));

            Syscalls.Check(result, operation, displayPath);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    private static bool Interrupted(long result) => result == -1 && Marshal.GetLastPInvokeError() == LibC.EINTR;

    [LibraryImport("libc.so.6", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int NativeFstatfs(int fd, byte* buffer);

    [LibraryImport("libc.so.6", EntryPoint = "getdents64", SetLastError = true)]
    private static partial long NativeGetdents64(int fd, byte* buffer, nuint count);
}
