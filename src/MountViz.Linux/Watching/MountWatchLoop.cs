using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using MountViz.Core.Model;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Watching;

/// <summary>
/// One dedicated thread that waits, with <c>epoll</c>, on the fds of every
/// <see cref="MountWatcher"/> (mountinfo <c>POLLPRI</c>, fanotify) and on their periodic
/// deadlines, and does their re-reads. One thread for all namespaces, not one each and never a
/// blocked thread-pool thread; a read is a few hundred microseconds, so they can share it.
/// </summary>
public sealed unsafe class MountWatchLoop : IDisposable
{
    private const int MaxEvents = 64;
    private const int MountInfoKind = 1;
    private const int FanotifyKind = 2;
    private const ulong WakeToken = 0;

    private readonly ConcurrentDictionary<long, MountWatcher> _watchers = new();
    private readonly SafeFd _epoll;
    private readonly SafeFd _wake;
    private readonly Thread _thread;
    private long _nextId;
    private volatile bool _stopping;
    private int _disposed;

    /// <summary>Creates the epoll set and starts the thread.</summary>
    /// <exception cref="InvalidOperationException">Called from a thread in another mount namespace than the process's (the new thread would inherit it).</exception>
    public MountWatchLoop()
    {
        // A thread starts in its creator's mount namespace. Watching needs none in particular
        // (it only reads /proc), but a watcher thread born inside a lab namespace would be a
        // surprise for everyone: refuse it.
        ulong mine = Syscalls.Identity("/proc/thread-self/ns/mnt").Inode;
        ulong process = Syscalls.Identity("/proc/self/ns/mnt").Inode;
        if (mine != process)
        {
            throw new InvalidOperationException(
                $"The mount watcher must be created on a thread in the server's own mount namespace (mnt:[{process}]), not in mnt:[{mine}]; create it before entering a lab namespace.");
        }

        _epoll = new SafeFd(Syscalls.Check(LibC.epoll_create1(LibC.EPOLL_CLOEXEC), "epoll_create1", null));
        try
        {
            _wake = new SafeFd(Syscalls.Check(LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK), "eventfd", null));
            Add(_wake, LibC.EPOLLIN, WakeToken);
        }
        catch
        {
            _wake?.Dispose();
            _epoll.Dispose();
            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "MountViz mount watcher" };
        _thread.Start();
    }

    /// <summary>Watchers now running.</summary>
    public int WatcherCount => _watchers.Count;

    /// <summary>The loop's failure, if its thread stopped on an unexpected error; null while it runs.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>
    /// Starts watching the mount namespace <paramref name="inode"/> through process
    /// <paramref name="pid"/>: opens its mountinfo for <c>POLLPRI</c> and a fanotify mark on its
    /// namespace (when enabled and available), registers both, then reads the first table
    /// with <paramref name="read"/>, which the loop calls again on every wake-up. The read
    /// runs on the loop's thread; it throws <see cref="MountSourceGoneException"/> when the
    /// namespace is gone, which stops the watcher.
    /// </summary>
    /// <exception cref="MountSourceGoneException">The process has ended or is in another namespace now.</exception>
    public MountWatcher Watch(int pid, ulong inode, Func<MountTable> read, MountWatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= new MountWatchOptions();
        options.Validate();

        long id = Interlocked.Increment(ref _nextId);
        MountWatcher watcher = MountWatcher.Open(this, id, pid, inode, read, options);
        try
        {
            // Known to the loop before its fds are: an event that arrives before the first read
            // is kept as pending, not dropped (the wake-up it caused is consumed when reported).
            _watchers[id] = watcher;
            if (watcher.MountInfoFd is SafeFd mountInfo)
            {
                Add(mountInfo, LibC.EPOLLPRI, Token(id, MountInfoKind));
            }

            if (watcher.FanotifyFd is SafeFd fanotify)
            {
                Add(fanotify, LibC.EPOLLIN, Token(id, FanotifyKind));
            }

            watcher.Start();
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        Wake();
        return watcher;
    }

    /// <summary>Stops every watcher (their feeds end) and the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        Wake();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        foreach (MountWatcher watcher in _watchers.Values)
        {
            watcher.Dispose();
        }

        _wake.Dispose();
        _epoll.Dispose();
    }

    /// <summary>Makes the loop look at its watchers now (a refresh request, a new deadline).</summary>
    internal void Wake()
    {
        // Held while in use: a closed fd's number may already belong to someone else.
        bool added = false;
        try
        {
            _wake.DangerousAddRef(ref added);
            ulong one = 1;
            _ = LibC.write(_wake.Fd, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The loop has stopped: nothing to wake.
        }
        finally
        {
            if (added)
            {
                _wake.DangerousRelease();
            }
        }
    }

    /// <summary>Forgets a watcher and takes its fds out of the epoll set (before they are closed).</summary>
    internal void Unregister(MountWatcher watcher)
    {
        _watchers.TryRemove(watcher.Id, out _);
        bool added = false;
        try
        {
            _epoll.DangerousAddRef(ref added);

            // The watcher's fds are still open (it closes them after this). ENOENT for an fd that
            // never got registered is fine.
            if (watcher.MountInfoFd is SafeFd mountInfo && !mountInfo.IsClosed)
            {
                _ = LibC.epoll_ctl(_epoll.Fd, LibC.EPOLL_CTL_DEL, mountInfo.Fd, null);
            }

            if (watcher.FanotifyFd is SafeFd fanotify && !fanotify.IsClosed)
            {
                _ = LibC.epoll_ctl(_epoll.Fd, LibC.EPOLL_CTL_DEL, fanotify.Fd, null);
            }
        }
        catch (ObjectDisposedException)
        {
            // The loop has stopped and its epoll set is gone with every registration in it.
        }
        finally
        {
            if (added)
            {
                _epoll.DangerousRelease();
            }
        }
    }

    private static ulong Token(long id, int kind) => ((ulong)id << 2) | (uint)kind;

    private void Add(SafeFd fd, int events, ulong token)
    {
        var registration = new epoll_event { events = events };
        registration.data.u64 = token;
        Syscalls.Check(LibC.epoll_ctl(_epoll.Fd, LibC.EPOLL_CTL_ADD, fd.Fd, &registration), "epoll_ctl", null);
    }

    private void Run()
    {
        epoll_event* events = stackalloc epoll_event[MaxEvents];
        try
        {
            while (!_stopping)
            {
                int count = LibC.epoll_wait(_epoll.Fd, events, MaxEvents, Timeout());
                if (count < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EINTR)
                    {
                        continue;
                    }

                    throw new ErrnoException("epoll_wait", errno);
                }

                for (int i = 0; i < count; i++)
                {
                    ulong token = events[i].data.u64;
                    if (token == WakeToken)
                    {
                        ulong value;
                        _ = LibC.read(_wake.Fd, &value, sizeof(ulong));
                    }
                    else if (_watchers.TryGetValue((long)(token >> 2), out MountWatcher? watcher))
                    {
                        watcher.Signal((token & 3) == MountInfoKind ? 1 : 2);
                    }
                }

                long now = Stopwatch.GetTimestamp();
                foreach (MountWatcher watcher in _watchers.Values)
                {
                    watcher.ProcessIfDue(now);
                }
            }
        }
#pragma warning disable CA1031 // The thread must not take the process down; the fault is kept for diagnostics.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fault = e;
        }
    }

    /// <summary>Milliseconds until the earliest periodic deadline; -1 for none.</summary>
    private int Timeout()
    {
        long due = long.MaxValue;
        foreach (MountWatcher watcher in _watchers.Values)
        {
            due = Math.Min(due, watcher.NextDue);
        }

        if (due == long.MaxValue)
        {
            return -1;
        }

        long ticks = due - Stopwatch.GetTimestamp();
        if (ticks <= 0)
        {
            return 0;
        }

        long milliseconds = ((ticks * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return (int)Math.Min(milliseconds, int.MaxValue);
    }
}
