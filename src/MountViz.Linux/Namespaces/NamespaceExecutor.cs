using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Namespaces;

/// <summary>
/// One dedicated thread for every mount-namespace syscall. Mount namespaces are per thread in
/// Linux, and .NET threads share their filesystem state, so this thread first calls
/// <c>unshare(CLONE_FS)</c>; after that it can <c>setns</c> into a lab namespace, run a piece of
/// work there, and <c>setns</c> back to its home namespace. Work is queued and callers await a
/// task; the work itself is synchronous, because an <c>await</c> could resume on a thread-pool
/// thread that lives in another namespace.
/// </summary>
/// <remarks>
/// A thread created <em>from</em> this thread (the runtime starts its signal-handling thread,
/// thread-pool workers or GC threads on whichever thread first needs one) inherits this
/// thread's mount namespace for good and shares its root and working directory (then the
/// kernel refuses the next <c>setns</c> with EINVAL). So nothing here starts threads while
/// inside a lab namespace: the signal-handling thread is started before the executor, holder
/// exit notifications are registered from other threads, and tasks are completed only after
/// the thread is home. As a safety net the thread takes a private copy of its filesystem state
/// (<c>unshare(CLONE_FS)</c>, a no-op when nothing is shared) before each <c>setns</c>, and on
/// the way home points any shared root and working directory back at the server's own.
/// </remarks>
internal sealed class NamespaceExecutor : IDisposable
{
    [ThreadStatic]
    private static NamespaceExecutor? t_current;

    private readonly BlockingCollection<WorkItem> _queue = [];
    private readonly Thread _thread;
    private SafeFd? _home;
    private SafeFd? _proc;
    private SafeFd? _homeRoot;
    private SafeFd? _homeDirectory;
    private Exception? _fault;

    /// <summary>Starts the thread and waits until it has its own filesystem state and a home namespace fd.</summary>
    /// <exception cref="ErrnoException">The thread could not unshare its filesystem state or open its namespace.</exception>
    public NamespaceExecutor()
    {
        // The runtime starts its signal-handling thread (which Process needs) on first use, on
        // the thread that needs it. Start it here, so that is never the executor inside a lab.
        if (OperatingSystem.IsLinux())
        {
            PosixSignalRegistration.Create(PosixSignal.SIGCONT, static _ => { }).Dispose();
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Run(ready))
        {
            IsBackground = true,
            Name = "MountViz namespace executor",
        };
        _thread.Start();
        ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>The inode of the namespace the thread returns to between pieces of work (the host's, for a server).</summary>
    public ulong HomeInode { get; private set; }

    /// <summary>True on the executor thread itself.</summary>
    public bool IsCurrentThread => ReferenceEquals(t_current, this);

    /// <summary>The executor thread's managed thread ID, for diagnostics and tests.</summary>
    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="work"/> on the executor thread in its home namespace.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default) =>
        Enqueue(work, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the executor thread in its home namespace.</summary>
    public Task RunAsync(Action work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Enqueue(
            () =>
            {
                work();
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the executor thread inside <paramref name="target"/>, then
    /// returns the thread home. Refuses the home namespace: nothing runs in the host's namespace.
    /// </summary>
    public Task<T> RunInNamespaceAsync<T>(MountNamespaceHandle target, Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Enqueue(() => InNamespace(target, work), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a brand-new mount namespace: the thread enters
    /// <paramref name="source"/> (its home namespace when null), calls <c>unshare(CLONE_NEWNS)</c>
    /// and gets a private copy that only it is in; <paramref name="work"/> receives the copy's
    /// inode and must give the namespace a holder (or keep an fd) before it returns, because the
    /// thread leaves the copy afterwards and an unreferenced namespace is destroyed.
    /// </summary>
    public Task<T> RunInNewNamespaceAsync<T>(MountNamespaceHandle? source, Func<ulong, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Enqueue(() => InNewNamespace(source, work), cancellationToken);
    }

    /// <summary>Throws unless called on the executor thread; guards code that makes mount syscalls.</summary>
    public void VerifyCurrentThread()
    {
        if (!IsCurrentThread)
        {
            throw new InvalidOperationException(
                "Mount-namespace work must run on the namespace executor thread (its filesystem state is unshared); " +
                "queue it with RunInNamespaceAsync instead of calling it from this thread.");
        }
    }

    /// <summary>The inode of the mount namespace the executor thread is in now (executor thread only).</summary>
    public ulong CurrentInode()
    {
        VerifyCurrentThread();

        // Through a /proc fd opened at home, so this works whatever the namespace's root is.
        return Syscalls.Identity(_proc!, "thread-self/ns/mnt").Inode;
    }

    /// <summary>
    /// The mount namespace inode of process <paramref name="pid"/>, through the server's own
    /// <c>/proc</c> (so it works whatever the current namespace's root holds). Any thread.
    /// </summary>
    public ulong InodeOfProcess(int pid) =>
        Syscalls.Identity(_proc!, $"{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}/ns/mnt").Inode;

    /// <summary>
    /// The server's own <c>/proc</c>, opened at start: reaches <c>thread-self</c> of the executor
    /// even in a namespace whose root has no <c>/proc</c> (after pivot_root). Executor thread only.
    /// </summary>
    public SafeFd Proc
    {
        get
        {
            VerifyCurrentThread();
            return _proc!;
        }
    }

    /// <summary>
    /// Opens an nsfs fd on the namespace the executor thread is in now (executor thread only).
    /// </summary>
    public SafeFd OpenCurrentNamespace()
    {
        VerifyCurrentThread();
        return Syscalls.OpenAt2(_proc!, "thread-self/ns/mnt", LibC.O_RDONLY, ResolveFlags.None, "/proc/thread-self/ns/mnt");
    }

    /// <summary>Lets queued work finish, stops the thread and closes its fds.</summary>
    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }

        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    private Task<T> Enqueue<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(work, cancellationToken);
        try
        {
            _queue.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(NamespaceExecutor), "The namespace executor has been stopped.");
        }

        return item.Task;
    }

    private void Run(TaskCompletionSource ready)
    {
        t_current = this;
        try
        {
            // Without this, setns(CLONE_NEWNS) fails with EINVAL: every .NET thread shares one fs_struct.
            Syscalls.Unshare(CloneFlags.FileSystem);
            _homeRoot = Syscalls.Open("/", LibC.O_PATH | LibC.O_DIRECTORY);
            _homeDirectory = Syscalls.Open(".", LibC.O_PATH | LibC.O_DIRECTORY);
            _proc = Syscalls.Open("/proc", LibC.O_PATH | LibC.O_DIRECTORY);
            _home = OpenCurrentNamespace();
            HomeInode = Syscalls.Identity(_home).Inode;
        }
        catch (Exception e)
        {
            ready.SetException(e);
            return;
        }

        ready.SetResult();
        try
        {
            foreach (WorkItem item in _queue.GetConsumingEnumerable())
            {
                if (_fault is not null)
                {
                    item.Fail(new InvalidOperationException(
                        "The namespace executor could not return to its home namespace earlier and refuses further work; restart MountViz.",
                        _fault));
                    continue;
                }

                item.Execute();
            }
        }
        finally
        {
            _proc.Dispose();
            _home.Dispose();
            _homeRoot.Dispose();
            _homeDirectory.Dispose();
            t_current = null;
        }
    }

    private T InNamespace<T>(MountNamespaceHandle target, Func<T> work)
    {
        if (target.Inode == HomeInode)
        {
            throw new InvalidOperationException(
                $"Refusing to run in {target}: it is the server's own (host) mount namespace, which MountViz never changes.");
        }

        Syscalls.Unshare(CloneFlags.FileSystem);
        Syscalls.SetNamespace(target.Fd, CloneFlags.NewMountNamespace, target.Name);
        try
        {
            ulong now = CurrentInode();
            if (now != target.Inode)
            {
                throw new InvalidOperationException($"setns into {target} landed in mnt:[{now}] instead; nothing was run.");
            }

            return work();
        }
        finally
        {
            ReturnHome();
        }
    }

    private T InNewNamespace<T>(MountNamespaceHandle? source, Func<ulong, T> work)
    {
        try
        {
            Syscalls.Unshare(CloneFlags.FileSystem);
            if (source is not null)
            {
                Syscalls.SetNamespace(source.Fd, CloneFlags.NewMountNamespace, source.Name);
            }

            ulong from = CurrentInode();
            Syscalls.Unshare(CloneFlags.NewMountNamespace);
            ulong created = CurrentInode();
            if (created == HomeInode || created == from)
            {
                throw new InvalidOperationException($"unshare(CLONE_NEWNS) left the thread in mnt:[{created}]; nothing was run.");
            }

            return work(created);
        }
        finally
        {
            ReturnHome();
        }
    }

    private void ReturnHome()
    {
        try
        {
            try
            {
                Syscalls.SetNamespace(_home!, CloneFlags.NewMountNamespace, "the executor's home namespace");
            }
            catch (ErrnoException e) when (e.Errno == LibC.EINVAL)
            {
                // A thread was created from this one while it was in the lab namespace and shares
                // its root and cwd (see remarks). Give that thread the server's root and cwd back,
                // then take a private copy and go home.
                RestoreHomeRootAndDirectory();
                Syscalls.Unshare(CloneFlags.FileSystem);
                Syscalls.SetNamespace(_home!, CloneFlags.NewMountNamespace, "the executor's home namespace");
            }

            // setns set root and cwd to the namespace's root; restore the server's exactly.
            RestoreHomeRootAndDirectory();
            ulong now = CurrentInode();
            if (now != HomeInode)
            {
                throw new InvalidOperationException($"The executor thread is in mnt:[{now}] after setns home to mnt:[{HomeInode}].");
            }
        }
        catch (Exception e)
        {
            // The thread may be stranded in a lab namespace: no further work may run on it.
            _fault = e;
            throw;
        }
    }

    private void RestoreHomeRootAndDirectory()
    {
        Syscalls.ChangeDirectory(_homeRoot!, "the server's root");
        Syscalls.ChangeRoot(".");
        Syscalls.ChangeDirectory(_homeDirectory!, "the server's working directory");
    }

    private abstract class WorkItem
    {
        public abstract void Execute();

        public abstract void Fail(Exception exception);
    }

    private sealed class WorkItem<T>(Func<T> work, CancellationToken cancellationToken) : WorkItem
    {
        // Continuations must not run on the executor thread: they may await, and they must not
        // hold up the queue.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Execute()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _completion.SetCanceled(cancellationToken);
                return;
            }

            try
            {
                _completion.SetResult(work());
            }
            catch (Exception e)
            {
                _completion.SetException(e);
            }
        }

        public override void Fail(Exception exception) => _completion.SetException(exception);
    }
}
