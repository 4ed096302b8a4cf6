using System.ComponentModel;
using System.Security.Cryptography;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Interop;
using MountViz.Linux.Namespaces;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Labs;

/// <summary>
/// Labs on the real kernel. Every namespace syscall runs on one <see cref="NamespaceExecutor"/>
/// thread; every lab namespace has a holder process (<see cref="NamespaceHolder"/>) and an nsfs
/// fd held here. A lab's base namespace is a clone of the server's namespace made
/// <c>rslave</c> before anything else, with a private "shelf" tmpfs on
/// <see cref="LabEngineOptions.MountRoot"/> holding the workspace mount point and a shared
/// workspace tmpfs on <see cref="LabEngineOptions.WorkspacePath"/>; clones copy both.
/// </summary>
public sealed class LabEngine : ILabEngine, IDisposable, IAsyncDisposable
{
    private const string ShelfSource = "mountviz-shelf";

    private readonly Lock _sync = new();
    private readonly List<Lab> _labs = [];
    private readonly Lazy<NamespaceExecutor> _executor = new(() => new NamespaceExecutor(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<HolderCommand> _holderCommand;
    private int _pendingLabs;
    private bool _disposed;

    /// <summary>Creates the engine; the executor thread starts with the first lab.</summary>
    public LabEngine(LabEngineOptions? options = null)
        : this(options, null)
    {
    }

    /// <summary>
    /// Creates the engine with the holder programs given (tests: a stand-in for <c>sleep</c>
    /// that starts slowly) instead of those found on <c>PATH</c>.
    /// </summary>
    internal LabEngine(LabEngineOptions? options, HolderCommand? holderCommand)
    {
        Options = options ?? new LabEngineOptions();
        Options.Validate();
        _holderCommand = holderCommand is null
            ? new(HolderCommand.Resolve, LazyThreadSafetyMode.ExecutionAndPublication)
            : new(holderCommand);
    }

    /// <inheritdoc/>
    public event EventHandler<LabEvent>? Changed;

    /// <summary>The settings in force.</summary>
    public LabEngineOptions Options { get; }

    /// <inheritdoc/>
    public LabLimits Limits => Options.Limits;

    /// <summary>The executor (created on first use); internal for operations and tests.</summary>
    internal NamespaceExecutor Executor => _executor.Value;

    /// <inheritdoc/>
    public IReadOnlyList<LabInfo> ListLabs()
    {
        lock (_sync)
        {
            return [.. _labs.Select(l => l.ToInfo())];
        }
    }

    /// <inheritdoc/>
    public LabInfo? FindLab(string labId) => TryGetLab(labId)?.ToInfo();

    /// <inheritdoc/>
    public LabNamespaceInfo? FindSource(string sourceId) =>
        LabSourceId.TryParse(sourceId, out string? labId, out string? name)
            ? TryGetLab(labId)?.Find(name)?.ToInfo()
            : null;

    /// <inheritdoc/>
    public async Task<LabInfo> CreateLabAsync(CancellationToken cancellationToken = default)
    {
        string id;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_labs.Count + _pendingLabs >= Limits.MaxLabs)
            {
                throw new LabException(
                    LabErrorKind.LimitReached,
                    $"There are already {Limits.MaxLabs} labs, the limit (MaxLabs). Delete a lab first, or raise the limit in the server's settings.");
            }

            do
            {
                id = RandomNumberGenerator.GetHexString(8, lowercase: true);
            }
            while (_labs.Exists(l => l.Id == id));

            _pendingLabs++;
        }

        LabNamespace? baseNamespace = null;
        bool registered = false;
        try
        {
            HolderCommand command = GetHolderCommand();
            NamespaceExecutor executor = Executor;
            await Kernel($"Creating lab {id}", () => executor.RunAsync(EnsureMountRoot, cancellationToken)).ConfigureAwait(false);
            baseNamespace = await Kernel(
                $"Creating lab {id}",
                () => executor.RunInNewNamespaceAsync(null, inode => BuildBase(executor, command, id, inode), cancellationToken)).ConfigureAwait(false);
            var lab = new Lab(id, DateTimeOffset.UtcNow, Options.WorkspacePath);
            WatchHolder(lab, baseNamespace);
            await WaitUntilReadyAsync($"Creating lab {id}", baseNamespace.Holder, Options.HolderStartTimeout, cancellationToken).ConfigureAwait(false);
            lab.Add(baseNamespace);
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _labs.Add(lab);
                _pendingLabs--;
                registered = true;
            }

            Raise(new LabEvent(LabEventKind.LabCreated, id, null));
            return lab.ToInfo();
        }
        finally
        {
            if (!registered)
            {
                lock (_sync)
                {
                    _pendingLabs--;
                }

                baseNamespace?.Dispose();
            }
        }
    }

    /// <summary>
    /// Waits for exclusive use of a lab: until the session is disposed, nobody else can operate
    /// on, clone in or delete it.
    /// </summary>
    /// <exception cref="LabException">No such lab (<see cref="LabErrorKind.NotFound"/>).</exception>
    public async Task<LabSession> OpenSessionAsync(string labId, CancellationToken cancellationToken = default)
    {
        Lab lab = GetLab(labId);
        await lab.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (lab.Deleted)
        {
            lab.Gate.Release();
            throw NoSuchLab(labId);
        }

        return new LabSession(this, lab);
    }

    /// <inheritdoc/>
    public async Task DeleteLabAsync(string labId, CancellationToken cancellationToken = default)
    {
        Lab lab = GetLab(labId);
        await lab.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lab.Deleted)
            {
                throw NoSuchLab(labId);
            }

            lock (_sync)
            {
                _labs.Remove(lab);
            }

            DisposeAll(lab.MarkDeleted());
        }
        finally
        {
            lab.Gate.Release();
        }

        Raise(new LabEvent(LabEventKind.LabDeleted, labId, null));
    }

    /// <inheritdoc/>
    public async Task<LabNamespaceInfo> CreateNamespaceAsync(string labId, string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken = default)
    {
        using LabSession session = await OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        return await session.CreateNamespaceAsync(name, from, propagation, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeleteNamespaceAsync(string labId, string name, CancellationToken cancellationToken = default)
    {
        using LabSession session = await OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        session.DeleteNamespace(name);
    }

    /// <inheritdoc/>
    public LabMountView ReadMounts(string labId, string name) => ReadMounts(GetLab(labId), name);

    /// <summary>Kills and reaps every holder, closes every namespace fd and stops the executor thread.</summary>
    public void Dispose()
    {
        Lab[] labs;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            labs = [.. _labs];
            _labs.Clear();
        }

        foreach (Lab lab in labs)
        {
            DisposeAll(lab.MarkDeleted());
        }

        // Last: holders get SIGKILL from their parent-death signal when this thread exits.
        if (_executor.IsValueCreated)
        {
            _executor.Value.Dispose();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static LabMountView ReadMounts(Lab lab, string name)
    {
        LabNamespace ns = GetNamespace(lab, name);
        LabNamespaceInfo info = ns.ToInfo();
        if (!info.HolderAlive)
        {
            throw HolderLost(lab, ns);
        }

        MountTable all;
        ulong inode;
        try
        {
            all = MountInfoReader.ReadPid(info.Pid);

            // The PID could have been reused between the liveness check and the read.
            inode = Syscalls.Identity($"/proc/{info.Pid}/ns/mnt").Inode;
        }
        catch (IOException e)
        {
            throw new LabException(LabErrorKind.HolderLost, $"Namespace {name} of lab {lab.Id} cannot be read through its holder {info.Pid}: {e.Message}", e);
        }

        if (inode != info.Inode)
        {
            throw new LabException(
                LabErrorKind.HolderLost,
                $"The holder process {info.Pid} of namespace {name} in lab {lab.Id} is in mnt:[{inode}], not in the namespace's mnt:[{info.Inode}] (the holder ended and its PID was reused?), so the namespace can no longer be used. Delete the namespace (or the lab).");
        }

        return new LabMountView(info, all, WorkspaceView.Rewrite(all, ns.WorkspacePath));
    }

    internal Task<T> RunInNamespaceAsync<T>(Lab lab, string name, Func<LabNamespaceContext, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        LabNamespace ns = GetNamespace(lab, name);
        NamespaceExecutor executor = Executor;
        return executor.RunInNamespaceAsync(
            ns.Handle,
            () =>
            {
                var context = new LabNamespaceContext(executor, ns);
                try
                {
                    return work(context);
                }
                finally
                {
                    context.Close();
                }
            },
            cancellationToken);
    }

    internal async Task<LabNamespaceInfo> CreateNamespaceCoreAsync(Lab lab, string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken)
    {
        if (!NamespaceName.IsValid(name))
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"'{name}' is not a namespace name: use {NamespaceName.Rule}.");
        }

        if (!Enum.IsDefined(propagation))
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"'{propagation}' is not a propagation option: use unchanged, private, slave or shared.");
        }

        if (lab.Find(name) is not null)
        {
            throw new LabException(LabErrorKind.Conflict, $"Lab {lab.Id} already has a namespace named '{name}'. Pick another name or delete that namespace first.");
        }

        LabNamespace source = GetNamespace(lab, from);
        if (source.Holder.HasExited)
        {
            throw HolderLost(lab, source);
        }

        if (lab.Count >= Limits.MaxNamespacesPerLab)
        {
            throw new LabException(
                LabErrorKind.LimitReached,
                $"Lab {lab.Id} already has {Limits.MaxNamespacesPerLab} namespaces, the limit (MaxNamespacesPerLab). Delete a namespace first, or raise the limit in the server's settings.");
        }

        HolderCommand command = GetHolderCommand();
        NamespaceExecutor executor = Executor;
        string workspace = source.WorkspacePath;
        LabNamespace created = await Kernel(
            $"Cloning namespace {from} of lab {lab.Id} into {name}",
            () => executor.RunInNewNamespaceAsync(
                source.Handle,
                inode =>
                {
                    MountFlags flags = propagation.ToFlags();
                    if (flags != MountFlags.None)
                    {
                        // mount --make-r<mode> on the clone's copy of the workspace only.
                        Syscalls.Mount(null, workspace, null, flags, null, $"{workspace} (the workspace root, '/' in the lab)");
                    }

                    return Hold(executor, command, lab.Id, name, inode, from, propagation, workspace);
                },
                cancellationToken)).ConfigureAwait(false);
        try
        {
            WatchHolder(lab, created);
            await WaitUntilReadyAsync($"Cloning namespace {from} of lab {lab.Id} into {name}", created.Holder, Options.HolderStartTimeout, cancellationToken).ConfigureAwait(false);
            lock (_sync)
            {
                // The engine may have been disposed meanwhile; then the lab's namespaces are gone.
                ObjectDisposedException.ThrowIf(_disposed, this);
                lab.Add(created);
            }
        }
        catch
        {
            created.Dispose();
            throw;
        }

        Raise(new LabEvent(LabEventKind.NamespaceCreated, lab.Id, name));
        return created.ToInfo();
    }

    internal void DeleteNamespaceCore(Lab lab, string name)
    {
        if (name == LabInfo.BaseNamespace)
        {
            throw new LabException(LabErrorKind.Conflict, $"'{LabInfo.BaseNamespace}' is the lab's first namespace and cannot be deleted on its own; delete lab {lab.Id} instead.");
        }

        LabNamespace ns = GetNamespace(lab, name);
        lab.Remove(ns);
        ns.Dispose();
        Raise(new LabEvent(LabEventKind.NamespaceDeleted, lab.Id, name));
    }

    private static LabNamespace GetNamespace(Lab lab, string name) =>
        lab.Find(name) ?? throw new LabException(
            LabErrorKind.NotFound,
            $"Lab {lab.Id} has no namespace named '{name}'; it has {string.Join(", ", lab.Snapshot().Select(n => n.Name))}.");

    private static LabException NoSuchLab(string labId) =>
        new(LabErrorKind.NotFound, $"There is no lab '{labId}'. List the labs with GET /api/labs.");

    private static LabException HolderLost(Lab lab, LabNamespace ns) =>
        new(LabErrorKind.HolderLost, $"The holder process {ns.Holder.Pid} of namespace {ns.Name} in lab {lab.Id} has ended ({ns.Holder.ExitDescription ?? "how is unknown"}), so the namespace can no longer be used. Delete the namespace (or the lab).");

    private static void DisposeAll(IEnumerable<LabNamespace> namespaces)
    {
        List<Exception>? errors = null;
        foreach (LabNamespace ns in namespaces.Reverse())
        {
            try
            {
                ns.Dispose();
            }
            catch (InvalidOperationException e)
            {
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Some holder processes could not be reaped.", errors);
        }
    }

    private static async Task<T> Kernel<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ErrnoException e)
        {
            string hint = e.Errno == Tmds.Linux.LibC.EPERM
                ? " Creating mount namespaces needs root (CAP_SYS_ADMIN and CAP_SYS_CHROOT): run MountViz as root, or in a container with those capabilities."
                : string.Empty;
            throw new LabException(LabErrorKind.KernelError, $"{what} failed: {e.Message}.{hint}", e);
        }
        catch (Win32Exception e)
        {
            // Process.Start: the holder's programs could not be executed in the new namespace
            // (for instance when cloning a namespace that pivot_root'ed into the workspace).
            throw new LabException(LabErrorKind.KernelError, $"{what} failed: the holder process could not be started in the new namespace: {e.Message}.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new LabException(LabErrorKind.KernelError, $"{what} failed: {e.Message}", e);
        }
    }

    private static async Task WaitUntilReadyAsync(string what, NamespaceHolder holder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await holder.WaitUntilReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new LabException(LabErrorKind.KernelError, $"{what} failed: {e.Message}", e);
        }
    }

    /// <summary>Executor thread, inside a fresh copy of the server's namespace: turns it into a lab's base namespace.</summary>
    private LabNamespace BuildBase(NamespaceExecutor executor, HolderCommand command, string id, ulong inode)
    {
        // First, before anything is mounted: no mount of the copy may send events back to the host.
        Syscalls.Mount(null, "/", null, MountFlags.Slave | MountFlags.Recursive, null, "/ (the lab's copy of the host's mounts)");
        VerifyNothingShared();

        string shelf = Options.MountRoot.TrimEnd('/');
        string workspace = Options.WorkspacePath;
        Syscalls.Mount(ShelfSource, shelf, "tmpfs", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, "mode=0755,size=1m");
        Syscalls.Mount(null, shelf, null, MountFlags.Private, null);
        Syscalls.MakeDirectory(workspace, 0b111_101_101);
        Syscalls.Mount($"mountviz-lab-{id}", workspace, "tmpfs", MountFlags.NoSuid | MountFlags.NoDev, $"mode=0755,size={Options.WorkspaceSize}");

        // Shared, so the copies in cloned namespaces are its peers: the article's shared '/'.
        Syscalls.Mount(null, workspace, null, MountFlags.Shared, null);
        return Hold(executor, command, id, LabInfo.BaseNamespace, inode, null, null, workspace);
    }

    private static void VerifyNothingShared()
    {
        MountTable table = MountTable.Parse(ProcFiles.ReadAllBytes("/proc/thread-self/mountinfo"));
        if (table.Mounts.FirstOrDefault(m => m.Shared is not null) is MountInfo shared)
        {
            throw new InvalidOperationException(
                $"After making the lab's copy of the host rslave, {shared.MountPoint} is still shared:{shared.Shared}; refusing to build a lab that could propagate into the host.");
        }
    }

    private static LabNamespace Hold(NamespaceExecutor executor, HolderCommand command, string labId, string name, ulong inode, string? from, NamespacePropagation? propagation, string workspace)
    {
        var handle = new MountNamespaceHandle(executor.OpenCurrentNamespace(), inode, $"namespace {name} of lab {labId}");
        try
        {
            NamespaceHolder holder = NamespaceHolder.Start(executor, command, LabHolderName.Format(labId, name), inode);
            return new LabNamespace(labId, name, handle, holder, from, propagation, workspace);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private bool EnsureMountRoot()
    {
        // A directory on the host, left empty there: only lab namespaces mount on it.
        string path = string.Empty;
        foreach (string part in Options.MountRoot.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + part;
            Syscalls.MakeDirectory(path, 0b111_101_101);
        }

        return true;
    }

    private HolderCommand GetHolderCommand()
    {
        try
        {
            return _holderCommand.Value;
        }
        catch (FileNotFoundException e)
        {
            throw new LabException(LabErrorKind.KernelError, e.Message, e);
        }
    }

    private void WatchHolder(Lab lab, LabNamespace ns) =>
        ns.Holder.Exited += (_, _) =>
        {
            if (!ns.Deleting && !lab.Deleted)
            {
                Raise(new LabEvent(LabEventKind.HolderExited, lab.Id, ns.Name));
            }
        };

    private Lab? TryGetLab(string labId)
    {
        lock (_sync)
        {
            return _labs.Find(l => l.Id == labId);
        }
    }

    private Lab GetLab(string labId) => TryGetLab(labId) ?? throw NoSuchLab(labId);

    private void Raise(LabEvent change) => Changed?.Invoke(this, change);
}
