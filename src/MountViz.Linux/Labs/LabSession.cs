using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Linux.Labs;

/// <summary>
/// Exclusive use of one lab (<see cref="LabEngine.OpenSessionAsync"/>): while a session is open,
/// no other caller can operate on, clone in or delete that lab, so an operation and the
/// re-reads and diffs around it see only its own effects. Dispose to let the next caller in.
/// </summary>
public sealed class LabSession : IDisposable, IAsyncDisposable
{
    private readonly LabEngine _engine;
    private readonly Lab _lab;
    private int _released;

    internal LabSession(LabEngine engine, Lab lab)
    {
        _engine = engine;
        _lab = lab;
    }

    /// <summary>The lab's ID.</summary>
    public string LabId => _lab.Id;

    /// <summary>The lab as it is now.</summary>
    public LabInfo Info
    {
        get
        {
            VerifyOpen();
            return _lab.ToInfo();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the namespace executor thread inside namespace
    /// <paramref name="name"/>. The work is synchronous (no awaits: the thread must not change);
    /// it may make mount syscalls through the context's confined paths.
    /// </summary>
    public Task<T> RunInNamespaceAsync<T>(string name, Func<LabNamespaceContext, T> work, CancellationToken cancellationToken = default)
    {
        VerifyOpen();
        return _engine.RunInNamespaceAsync(_lab, name, work, cancellationToken);
    }

    /// <summary>Clones namespace <paramref name="from"/> into a new namespace (see <see cref="ILabEngine.CreateNamespaceAsync"/>).</summary>
    public Task<LabNamespaceInfo> CreateNamespaceAsync(string name, string from, NamespacePropagation propagation, CancellationToken cancellationToken = default)
    {
        VerifyOpen();
        return _engine.CreateNamespaceCoreAsync(_lab, name, from, propagation, cancellationToken);
    }

    /// <summary>Deletes a namespace (not <c>base</c>).</summary>
    public void DeleteNamespace(string name)
    {
        VerifyOpen();
        _engine.DeleteNamespaceCore(_lab, name);
    }

    /// <summary>Reads one namespace's mount table.</summary>
    public LabMountView ReadMounts(string name)
    {
        VerifyOpen();
        return LabEngine.ReadMounts(_lab, name);
    }

    /// <summary>Reads every namespace's mount table, in namespace order.</summary>
    public IReadOnlyList<LabMountView> ReadAllMounts()
    {
        VerifyOpen();
        return [.. _lab.Snapshot().Select(n => LabEngine.ReadMounts(_lab, n.Name))];
    }

    /// <summary>Lets the next caller use the lab.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lab.Gate.Release();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void VerifyOpen()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        if (_lab.Deleted)
        {
            throw new LabException(LabErrorKind.NotFound, $"Lab {_lab.Id} has been deleted.");
        }
    }
}
