using System.Collections.Immutable;
using System.Diagnostics;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Linux.Discovery;
using MountViz.Linux.Watching;

namespace MountViz.Linux.Sources;

/// <summary>
/// Every mount table MountViz shows, live: the host's namespaces (found by
/// <see cref="NamespaceDiscovery"/>, read-only, <c>host.INODE</c>) and lab namespaces (from the
/// <see cref="ILabEngine"/>, <c>lab.LABID.NAME</c>, their workspace view). A source gets a
/// watcher and a feed on its first subscriber, and loses them when its last subscriber leaves;
/// when a lab namespace is deleted (or its holder dies, or a host namespace's last process
/// ends), its subscribers' streams end.
/// </summary>
public sealed class MountSources : IMountSources, IDisposable, IAsyncDisposable
{
    /// <summary>The <see cref="SourceInfo.Kind"/> of a host namespace.</summary>
    public const string HostKind = "host";

    /// <summary>The <see cref="SourceInfo.Kind"/> of a lab namespace.</summary>
    public const string LabKind = "lab";

    private readonly Lock _sync = new();
    private readonly Lock _scanGate = new();
    private readonly Dictionary<string, SourceEntry> _entries = new(StringComparer.Ordinal);
    private readonly ILabEngine _labs;
    private readonly Lazy<MountWatchLoop> _loop = new(() => new MountWatchLoop(), LazyThreadSafetyMode.ExecutionAndPublication);
    private ImmutableArray<DiscoveredNamespace> _hostScan = [];
    private long _hostScanAt;
    private bool _scanned;
    private bool _disposed;

    /// <summary>Creates the sources over a lab engine; nothing is watched until someone subscribes.</summary>
    public MountSources(ILabEngine labs, MountSourcesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labs);
        Options = options ?? new MountSourcesOptions();
        Options.Validate();
        _labs = labs;
        _labs.Changed += OnLabChanged;
    }

    /// <summary>The settings in force.</summary>
    public MountSourcesOptions Options { get; }

    /// <summary>Sources with a running watcher (some subscriber is watching them).</summary>
    public int WatchedCount
    {
        get
        {
            lock (_sync)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<SourceInfo> List()
    {
        ImmutableArray<DiscoveredNamespace> hosts = HostNamespaces(Options.HostScanInterval);
        var sources = new List<SourceInfo>(hosts.Length + 8);
        sources.AddRange(hosts.Where(n => n.LabSourceId is null).Select(ToSource));
        foreach (LabInfo lab in _labs.ListLabs())
        {
            sources.AddRange(lab.Namespaces.Where(n => n.HolderAlive).Select(ToSource));
        }

        return sources;
    }

    /// <inheritdoc/>
    public SourceInfo? Find(string sourceId)
    {
        if (LabSourceId.TryParse(sourceId, out _, out _))
        {
            return _labs.FindSource(sourceId) is { HolderAlive: true } ns ? ToSource(ns) : null;
        }

        return FindHost(sourceId) is DiscoveredNamespace host ? ToSource(host) : null;
    }

    /// <summary>
    /// Subscribes to a source (see <see cref="IMountSources.Subscribe"/>): a lab namespace's
    /// workspace view, or a host namespace's whole table as its representative process sees it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such source (or it ended just now).</exception>
    /// <exception cref="InvalidOperationException">
    /// A host namespace kept alive only by an nsfs bind mount: with no process in it there is no
    /// <c>/proc/PID/mountinfo</c> to read, and MountViz never enters host namespaces.
    /// </exception>
    public MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceId);

        // A watcher stops when its last subscriber leaves; one that stopped between being found
        // and being subscribed to is replaced by a fresh one.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            SourceEntry entry = GetOrStart(sourceId);
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_entries.TryGetValue(sourceId, out SourceEntry? current) && ReferenceEquals(current, entry) && !entry.Watcher.IsStopping)
                {
                    return entry.Watcher.Feed.Subscribe(cancellationToken);
                }
            }
        }

        throw new KeyNotFoundException($"Source '{sourceId}' keeps ending while being subscribed to; it is probably going away.");
    }

    /// <summary>
    /// Re-reads a watched source now and publishes what changed, so subscribers need not wait
    /// for a wake-up that never comes (propagation changes wake nothing). Completes at once when
    /// nobody watches the source.
    /// </summary>
    public Task RefreshAsync(string sourceId)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        SourceEntry? entry;
        lock (_sync)
        {
            _entries.TryGetValue(sourceId, out entry);
        }

        return entry?.Watcher.RefreshAsync() ?? Task.CompletedTask;
    }

    /// <summary>Refreshes every watched namespace of a lab (an operation can change all of them through propagation).</summary>
    public Task RefreshLabAsync(string labId)
    {
        ArgumentNullException.ThrowIfNull(labId);
        string prefix = LabSourceId.Prefix + labId + ".";
        MountWatcher[] watchers;
        lock (_sync)
        {
            watchers = [.. _entries.Values.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Watcher)];
        }

        return Task.WhenAll(watchers.Select(w => w.RefreshAsync()));
    }

    /// <summary>The host's mount namespaces, scanned now (lab namespaces carry their source ID).</summary>
    public ImmutableArray<DiscoveredNamespace> ScanHost() => HostNamespaces(TimeSpan.Zero);

    /// <summary>The running watcher of a source, for diagnostics (its mechanisms and counters); null when nobody watches it.</summary>
    public MountWatcher? FindWatcher(string sourceId)
    {
        lock (_sync)
        {
            return _entries.TryGetValue(sourceId, out SourceEntry? entry) ? entry.Watcher : null;
        }
    }

    /// <summary>Stops every watcher (ending every stream) and the watcher thread.</summary>
    public void Dispose()
    {
        SourceEntry[] entries;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        _labs.Changed -= OnLabChanged;
        foreach (SourceEntry entry in entries)
        {
            entry.Watcher.Dispose();
        }

        if (_loop.IsValueCreated)
        {
            _loop.Value.Dispose();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static SourceInfo ToSource(DiscoveredNamespace ns) =>
        new(HostSourceId.Format(ns.Inode), HostKind, ns.DisplayName, ns.Inode, [.. ns.Processes.Select(p => p.Pid)], null)
        {
            RepresentativePid = ns.RepresentativePid,
            Commands = ns.Processes.ToImmutableDictionary(p => p.Pid, p => p.Command),
            NsfsPaths = ns.NsfsPaths,
        };

    private static SourceInfo ToSource(LabNamespaceInfo ns) =>
        new(ns.SourceId, LabKind, ns.Name, ns.Inode, [ns.Pid], ns.LabId)
        {
            RepresentativePid = ns.Pid,
            Commands = ImmutableDictionary<int, string>.Empty.Add(ns.Pid, $"mountviz-holder lab={ns.LabId} ns={ns.Name}"),
        };

    private DiscoveredNamespace? FindHost(string sourceId)
    {
        if (!HostSourceId.TryParse(sourceId, out ulong inode))
        {
            return null;
        }

        // A namespace that appeared since the last scan (a container just started) is found by a
        // fresh scan, at most a few times a second.
        DiscoveredNamespace? found = HostNamespaces(Options.HostScanInterval).FirstOrDefault(n => n.Inode == inode);
        found ??= HostNamespaces(TimeSpan.FromMilliseconds(250)).FirstOrDefault(n => n.Inode == inode);
        return found is { LabSourceId: null } ? found : null;
    }

    private ImmutableArray<DiscoveredNamespace> HostNamespaces(TimeSpan maxAge)
    {
        lock (_scanGate)
        {
            if (_scanned && Stopwatch.GetElapsedTime(_hostScanAt) <= maxAge)
            {
                return _hostScan;
            }

            var labs = new Dictionary<ulong, string>();
            foreach (LabInfo lab in _labs.ListLabs())
            {
                foreach (LabNamespaceInfo ns in lab.Namespaces)
                {
                    labs[ns.Inode] = ns.SourceId;
                }
            }

            _hostScan = NamespaceDiscovery.Scan(new NamespaceDiscoveryOptions { ProcRoot = Options.ProcRoot, LabNamespaces = labs });
            _hostScanAt = Stopwatch.GetTimestamp();
            _scanned = true;
            return _hostScan;
        }
    }

    private SourceEntry GetOrStart(string sourceId)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(sourceId, out SourceEntry? existing))
            {
                if (!existing.Watcher.IsStopping)
                {
                    return existing;
                }

                // Ended before its Ended handler could forget it: start afresh.
                _entries.Remove(sourceId);
            }
        }

        MountWatcher watcher;
        try
        {
            watcher = StartWatcher(sourceId);
        }
        catch (MountSourceGoneException e)
        {
            throw new KeyNotFoundException($"Source '{sourceId}' ended just now: {e.Message}", e);
        }

        var entry = new SourceEntry(sourceId, watcher);
        lock (_sync)
        {
            if (!_disposed && !_entries.TryGetValue(sourceId, out SourceEntry? raced))
            {
                _entries[sourceId] = entry;
                watcher.Feed.SubscribersChanged += (_, _) => StopIfIdle(entry);
                watcher.Ended += (_, _) => Forget(entry);
                if (watcher.IsStopping)
                {
                    // It ended before the handler was there.
                    _entries.Remove(sourceId);
                }

                return entry;
            }
        }

        // Another caller started one first (or we are shutting down): use theirs.
        watcher.Dispose();
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _entries[sourceId];
        }
    }

    private MountWatcher StartWatcher(string sourceId)
    {
        if (LabSourceId.TryParse(sourceId, out string? labId, out string? name))
        {
            LabNamespaceInfo ns = _labs.FindSource(sourceId) is { HolderAlive: true } found
                ? found
                : throw new KeyNotFoundException($"There is no lab namespace '{sourceId}' (or its holder has ended). List the sources with GET /api/sources.");
            return _loop.Value.Watch(ns.Pid, ns.Inode, () => ReadLab(labId, name), Options.Watch);
        }

        DiscoveredNamespace host = FindHost(sourceId)
            ?? throw new KeyNotFoundException($"There is no source '{sourceId}'. List the sources with GET /api/sources.");
        if (host.RepresentativePid is not int pid)
        {
            throw new InvalidOperationException(
                host.Processes.IsEmpty
                    ? $"Mount namespace mnt:[{host.Inode}] has no process, only an nsfs bind mount ({string.Join(", ", host.NsfsPaths)}), so there is no /proc/PID/mountinfo to read and MountViz does not enter host namespaces. Start a process in it (nsenter --mount={host.NsfsPaths.FirstOrDefault()} sleep infinity) to watch it."
                    : $"Mount namespace mnt:[{host.Inode}] has no process whose root is the namespace's root (all are chrooted or cannot be inspected), so its whole table cannot be read.");
        }

        var reader = new HostNamespaceReader(host.Inode, pid, Options.ProcRoot.TrimEnd('/'));
        return _loop.Value.Watch(pid, host.Inode, reader.Read, Options.Watch);
    }

    private MountTable ReadLab(string labId, string name)
    {
        try
        {
            return _labs.ReadMounts(labId, name).Workspace;
        }
        catch (LabException e) when (e.Kind is LabErrorKind.NotFound or LabErrorKind.HolderLost)
        {
            throw new MountSourceGoneException($"Lab namespace {LabSourceId.Format(labId, name)} is gone: {e.Message}", e);
        }
    }

    private void StopIfIdle(SourceEntry entry)
    {
        lock (_sync)
        {
            if (entry.Watcher.Feed.SubscriberCount > 0
                || !_entries.TryGetValue(entry.Id, out SourceEntry? current)
                || !ReferenceEquals(current, entry))
            {
                return;
            }

            _entries.Remove(entry.Id);
        }

        entry.Watcher.Dispose();
    }

    private void Forget(SourceEntry entry)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(entry.Id, out SourceEntry? current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Id);
            }
        }
    }

    private void OnLabChanged(object? sender, LabEvent change)
    {
        string? prefix = change.Kind switch
        {
            LabEventKind.LabDeleted => LabSourceId.Prefix + change.LabId + ".",
            LabEventKind.NamespaceDeleted or LabEventKind.HolderExited when change.NamespaceName is not null => LabSourceId.Format(change.LabId, change.NamespaceName),
            _ => null,
        };
        if (prefix is null)
        {
            return;
        }

        bool wholeLab = change.Kind == LabEventKind.LabDeleted;
        SourceEntry[] ended;
        lock (_sync)
        {
            ended = [.. _entries.Values.Where(e => wholeLab ? e.Id.StartsWith(prefix, StringComparison.Ordinal) : e.Id == prefix)];
            foreach (SourceEntry entry in ended)
            {
                _entries.Remove(entry.Id);
            }
        }

        // Ends the feeds: every subscriber's stream finishes.
        foreach (SourceEntry entry in ended)
        {
            entry.Watcher.Dispose();
        }
    }
}
