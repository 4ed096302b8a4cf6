using System.Runtime.InteropServices;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Watching;

/// <summary>
/// fanotify mount-namespace marks (Linux 6.15+), which Tmds.LibC does not wrap. Debian 12's
/// headers predate them, so the values come from the kernel's <c>include/uapi/linux/fanotify.h</c>;
/// the watcher tests prove them on the running kernel (a wrong value is EINVAL, or no event).
/// </summary>
internal static unsafe partial class Fanotify
{
    /// <summary><c>FAN_CLOEXEC</c>.</summary>
    public const uint CloseOnExec = 0x0000_0001;

    /// <summary><c>FAN_NONBLOCK</c>.</summary>
    public const uint NonBlocking = 0x0000_0002;

    /// <summary><c>FAN_REPORT_MNT</c>: events carry a mount ID instead of a file.</summary>
    public const uint ReportMount = 0x0000_4000;

    /// <summary><c>FAN_MARK_ADD</c>.</summary>
    public const uint MarkAdd = 0x0000_0001;

    /// <summary><c>FAN_MARK_MNTNS</c>: the mark's object is the mount namespace an nsfs fd refers to.</summary>
    public const uint MarkMountNamespace = 0x0000_0110;

    /// <summary><c>FAN_MNT_ATTACH</c>: a mount appeared in the namespace.</summary>
    public const ulong MountAttach = 0x0100_0000;

    /// <summary><c>FAN_MNT_DETACH</c>: a mount left the namespace.</summary>
    public const ulong MountDetach = 0x0200_0000;

    /// <summary><c>FAN_Q_OVERFLOW</c>: events were lost (a re-read covers them).</summary>
    public const ulong QueueOverflow = 0x0000_4000;

    /// <summary><c>FAN_NOFD</c>: the event carries no file descriptor.</summary>
    public const int NoFd = -1;

    /// <summary><c>sizeof(struct fanotify_event_metadata)</c>.</summary>
    public const int MetadataSize = 24;

    /// <summary>
    /// A non-blocking fanotify group that reports attach and detach events of the namespace
    /// <paramref name="namespaceFd"/> refers to. Null, with the reason, where the kernel has
    /// no mount marks (EINVAL before 6.15) or refuses them (EPERM without CAP_SYS_ADMIN).
    /// </summary>
    public static SafeFd? TryWatchNamespace(SafeFd namespaceFd, out string? unavailable)
    {
        ArgumentNullException.ThrowIfNull(namespaceFd);
        int fd = fanotify_init(ReportMount | CloseOnExec | NonBlocking, (uint)LibC.O_RDONLY);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            unavailable = $"fanotify_init(FAN_REPORT_MNT) failed: {ErrnoNames.NameOf(errno)} ({ErrnoNames.Describe(errno)}); mount events need Linux 6.15+ and CAP_SYS_ADMIN";
            return null;
        }

        var group = new SafeFd(fd);
        bool added = false;
        namespaceFd.DangerousAddRef(ref added);
        try
        {
            int result = fanotify_mark(fd, MarkAdd | MarkMountNamespace, MountAttach | MountDetach, namespaceFd.Fd, null);
            if (result < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                group.Dispose();
                unavailable = $"fanotify_mark(FAN_MARK_MNTNS) failed: {ErrnoNames.NameOf(errno)} ({ErrnoNames.Describe(errno)})";
                return null;
            }
        }
        finally
        {
            if (added)
            {
                namespaceFd.DangerousRelease();
            }
        }

        unavailable = null;
        return group;
    }

    /// <summary>
    /// Reads every queued event (the fd is non-blocking) and returns how many there were.
    /// Mount events carry no fd, but any fd an event does carry is closed.
    /// </summary>
    public static int Drain(SafeFd group)
    {
        ArgumentNullException.ThrowIfNull(group);
        byte* buffer = stackalloc byte[4096];
        int events = 0;
        while (true)
        {
            long length;
            do
            {
                ssize_t raw = LibC.read(group.Fd, buffer, 4096);
                length = raw;
            }
            while (length < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

            if (length <= 0)
            {
                // EAGAIN: drained. Anything else ends the drain too; the re-read that follows
                // does not depend on the events.
                return events;
            }

            int offset = 0;
            while (offset + MetadataSize <= length)
            {
                uint eventLength = *(uint*)(buffer + offset);
                int fd = *(int*)(buffer + offset + 16);
                if (fd >= 0)
                {
                    _ = LibC.close(fd);
                }

                events++;
                if (eventLength < MetadataSize)
                {
                    return events;
                }

                offset += (int)eventLength;
            }
        }
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int fanotify_init(uint flags, uint eventFileFlags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int fanotify_mark(int fanotifyFd, uint flags, ulong mask, int directoryFd, byte* path);
}
