using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Core.Sources;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: sources and labs on the left, the live graph of the selected
/// namespaces in the centre, the inspector on the right, the command line below. Each selected
/// namespace is one <see cref="SourceFeed"/>: its snapshot is loaded into the graph, then its
/// batches are applied as they come; deselecting or leaving the page ends the subscription.
/// While an operation of the Operations panel runs, the batches of its lab's namespaces are held
/// and applied together when its result arrives, with the namespace it ran in as their origin:
/// only then can a mount that arrived by propagation be told from the operation's own
/// (<see cref="GraphMapper.ExpectOperation"/> covers batches that come after the result).
/// </summary>
public sealed partial class DashboardPage : ComponentBase, IAsyncDisposable
{
    private readonly GraphMapper _mapper = new();
    private readonly Dictionary<string, SourceFeed> _feeds = new(StringComparer.Ordinal);
    private readonly List<(SourceFeed Feed, ImmutableArray<MountChange> Batch)> _held = [];
    private string? _heldLab;
    private MountGraph? _graph;
    private IReadOnlyList<SourceInfo> _hosts = [];
    private IReadOnlyList<LabInfo> _labs = [];
    private string? _selectedNode;
    private MountInfo? _inspected;
    private MountTable? _inspectedTable;
    private string? _inspectedLabel;
    private bool _inspectedGone;
    private string? _inspectedSource;
    private MountRelations _inspectedRelations = MountRelations.None;
    private int? _inspectedHostPid;
    private bool _legendShown = true;
    private bool _filesShown;
    private int _filesVersion;
    private string? _status;
    private bool _statusIsError;
    private bool _busy;
    private bool _disposed;

    [Inject]
    private IMountSources Sources { get; set; } = default!;

    [Inject]
    private ILabEngine Engine { get; set; } = default!;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        Reload();
        Engine.Changed += OnLabsChanged;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Engine.Changed -= OnLabsChanged;
        SourceFeed[] feeds = [.. _feeds.Values];
        _feeds.Clear();
        foreach (SourceFeed feed in feeds)
        {
            await feed.DisposeAsync();
        }
    }

    private void Reload()
    {
        _hosts = [.. Sources.List().Where(s => s.Kind == "host")];
        _labs = Engine.ListLabs();
    }

    private void OnLabsChanged(object? sender, LabEvent e)
    {
        // Raised on the engine's thread: back to the renderer before touching state.
        Post(() =>
        {
            if (!_disposed)
            {
                Reload();
                StateHasChanged();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the renderer without waiting for it, for callers on other
    /// threads; a circuit that went away meanwhile is no error.
    /// </summary>
    private void Post(Func<Task> work) => _ = PostAsync(work);

    private async Task PostAsync(Func<Task> work)
    {
        try
        {
            await InvokeAsync(work);
        }
        catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException or TaskCanceledException)
        {
            // The page or its circuit is gone: nothing left to update.
        }
    }

    private async Task ToggleAsync(SourceToggle toggle)
    {
        if (toggle.Selected)
        {
            await SelectAsync(toggle.SourceId, toggle.Label);
        }
        else
        {
            await DeselectAsync(toggle.SourceId);
        }
    }

    private async Task SelectAsync(string sourceId, string label)
    {
        if (_feeds.ContainsKey(sourceId))
        {
            return;
        }

        SourceFeed feed;
        try
        {
            feed = SourceFeed.Open(Sources, sourceId, label);
        }
        catch (KeyNotFoundException)
        {
            ShowError($"The namespace {label} is gone (its processes ended or its lab was deleted). The list is now refreshed.");
            Reload();
            return;
        }

        _feeds[sourceId] = feed;
        await UpdateGraphAsync(_mapper.Load(sourceId, label, feed.Snapshot));
        feed.Start(
            batch => InvokeAsync(() => ApplyAsync(feed, batch)),
            error => Post(() => FeedEndedAsync(feed, error)));
    }

    private async Task DeselectAsync(string sourceId)
    {
        if (!_feeds.Remove(sourceId, out SourceFeed? feed))
        {
            return;
        }

        await feed.DisposeAsync();
        await UpdateGraphAsync(_mapper.Remove(sourceId));
        Inspect();
    }

    private async Task ApplyAsync(SourceFeed feed, ImmutableArray<MountChange> batch)
    {
        if (!IsCurrent(feed))
        {
            return;
        }

        bool inLab = LabSourceId.TryParse(feed.SourceId, out string? labId, out _);
        if (inLab && labId == _heldLab)
        {
            // Its lab's operation is running: drawn with its result (OnOperationAsync).
            _held.Add((feed, batch));
            return;
        }

        await UpdateGraphAsync(_mapper.Apply(feed.SourceId, batch));
        if (inLab)
        {
            // A mount came or went in a lab namespace: what its directories show changed too.
            _filesVersion++;
        }

        Inspect();
        StateHasChanged();
    }

    private bool IsCurrent(SourceFeed feed) =>
        !_disposed && _feeds.TryGetValue(feed.SourceId, out SourceFeed? current) && current == feed;

    /// <summary>
    /// An operation of the Operations panel started or ended. While it runs, its lab's batches are
    /// held; when it ends, its result's additions are noted in the mapper and the held batches are
    /// applied with the namespace it ran in as their origin, so copies the kernel propagated, in
    /// other namespaces or in its own, are marked as such.
    /// </summary>
    private async Task OnOperationAsync(OperationProgress progress)
    {
        if (_disposed || !LabSourceId.TryParse(progress.SourceId, out string? labId, out _))
        {
            return;
        }

        if (!progress.Done)
        {
            _heldLab = labId;
            return;
        }

        _heldLab = null;
        string? origin = null;
        if (progress.Result is { } result)
        {
            origin = progress.SourceId;
            _mapper.ExpectOperation(origin, [.. result.Changes
                .GroupBy(c => c.Namespace, StringComparer.Ordinal)
                .Select(g => new NamespaceChanges(LabSourceId.Format(labId, g.Key), [.. g.Select(c => c.Change)]))]);
        }

        (SourceFeed Feed, ImmutableArray<MountChange> Batch)[] held = [.. _held.Where(h => IsCurrent(h.Feed))];
        _held.Clear();
        if (held.Length == 0)
        {
            return;
        }

        // One update per round of the i-th batch of each namespace: a namespace's batches stay in
        // order, each applied to the table the one before it left.
        foreach (var round in held
            .GroupBy(h => h.Feed)
            .SelectMany(feedBatches => feedBatches.Select((h, index) => (Index: index, h.Feed, h.Batch)))
            .GroupBy(h => h.Index)
            .OrderBy(g => g.Key))
        {
            await UpdateGraphAsync(_mapper.Apply([.. round.Select(h => new NamespaceChanges(h.Feed.SourceId, h.Batch))], origin));
        }

        _filesVersion++;
        Inspect();
        StateHasChanged();
    }

    private async Task FeedEndedAsync(SourceFeed feed, Exception? error)
    {
        if (_disposed || !_feeds.TryGetValue(feed.SourceId, out SourceFeed? current) || current != feed)
        {
            return;
        }

        if (error is JSDisconnectedException)
        {
            // The browser is gone; the circuit's disposal ends the rest.
            return;
        }

        await DeselectAsync(feed.SourceId);
        Reload();
        if (error is null)
        {
            ShowInfo($"{feed.Label} is no longer drawn: its namespace ended (its holder exited or its lab was deleted).");
        }
        else
        {
            ShowError($"{feed.Label} stopped updating: {error.Message} Tick it again to reload it.");
        }

        StateHasChanged();
    }

    private async Task UpdateGraphAsync(GraphBatchDto batch)
    {
        if (_graph is not null && !batch.IsEmpty)
        {
            await _graph.UpdateAsync(batch);
        }
    }

    /// <summary>The namespaces drawn, in the order they were ticked (the graph's order).</summary>
    private IReadOnlyList<GraphNamespace> DrawnNamespaces => [.. _feeds.Values.Select(f => new GraphNamespace(f.SourceId, f.Label))];

    /// <summary>The drawn namespaces whose files can be listed: lab namespaces.</summary>
    private IReadOnlyList<GraphNamespace> DrawnLabNamespaces => [.. DrawnNamespaces.Where(n => LabSourceId.TryParse(n.SourceId, out _, out _))];

    private void ToggleLegend() => _legendShown = !_legendShown;

    private void ToggleFiles() => _filesShown = !_filesShown;

    /// <summary>
    /// Lab files may have changed (an operation ran, a file was written): the directory view and
    /// the inspector list again. For the operations area, which knows when one completes.
    /// </summary>
    internal void FilesMayHaveChanged()
    {
        _filesVersion++;
        StateHasChanged();
    }

    private void OnNodeSelected(string? nodeId)
    {
        _selectedNode = nodeId;
        Inspect();
    }

    /// <summary>Selects a node from the keyboard or the inspector: highlighted in the graph, shown in the inspector.</summary>
    private async Task SelectNodeAsync(string nodeId)
    {
        _selectedNode = nodeId;
        Inspect();
        if (_graph is not null)
        {
            await _graph.SelectAsync(nodeId);
        }
    }

    /// <summary>Resolves the selected node against the current tables (a live change may have removed it).</summary>
    private void Inspect()
    {
        _inspected = null;
        _inspectedTable = null;
        _inspectedLabel = null;
        _inspectedGone = false;
        _inspectedSource = null;
        _inspectedRelations = MountRelations.None;
        _inspectedHostPid = null;
        if (_selectedNode is null || !TryParseNode(_selectedNode, out string? sourceId, out int mountId))
        {
            return;
        }

        _inspectedLabel = _feeds.TryGetValue(sourceId, out SourceFeed? feed) ? feed.Label : sourceId;
        _inspectedTable = _mapper.TableOf(sourceId);
        _inspected = _inspectedTable?.Find(mountId);
        _inspectedGone = _inspected is null;
        _inspectedSource = sourceId;
        if (_inspected is not null)
        {
            _inspectedRelations = MountRelations.Of(sourceId, _inspected, DrawnTables());
            _inspectedHostPid = LabSourceId.TryParse(sourceId, out _, out _)
                ? null
                : _hosts.FirstOrDefault(h => h.Id == sourceId) is { } host ? host.RepresentativePid ?? (host.Pids.IsDefaultOrEmpty ? null : host.Pids[0]) : null;
        }
    }

    /// <summary>The drawn namespaces with their current tables, for the inspector's "Why not?".</summary>
    private IReadOnlyList<NamespaceTable> DrawnNamespaceTables => [.. DrawnTables().Select(t => new NamespaceTable(t.SourceId, t.Label, t.Table))];

    private IEnumerable<(string SourceId, string Label, MountTable Table)> DrawnTables()
    {
        foreach (SourceFeed feed in _feeds.Values)
        {
            if (_mapper.TableOf(feed.SourceId) is MountTable table)
            {
                yield return (feed.SourceId, feed.Label, table);
            }
        }
    }

    /// <summary>Splits <c>ns:SOURCEID:MOUNTID</c> (<see cref="GraphIds.Mount"/>); source IDs hold no colon.</summary>
    internal static bool TryParseNode(string nodeId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? sourceId, out int mountId)
    {
        sourceId = null;
        mountId = 0;
        int last = nodeId.LastIndexOf(':');
        if (!nodeId.StartsWith("ns:", StringComparison.Ordinal) || last <= 3
            || !int.TryParse(nodeId.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out mountId))
        {
            return false;
        }

        sourceId = nodeId[3..last];
        return true;
    }

    private async Task CreateLabAsync()
    {
        await RunBusyAsync(async () =>
        {
            LabInfo lab = await Engine.CreateLabAsync();
            Reload();
            ShowInfo($"Lab {lab.Id} created with its namespace base. Tick it to draw it.");
        });
    }

    private async Task DeleteLabAsync(LabInfo lab)
    {
        await RunBusyAsync(async () =>
        {
            // End the feeds first, so the graph drops the namespaces before they vanish.
            foreach (LabNamespaceInfo ns in lab.Namespaces)
            {
                await DeselectAsync(ns.SourceId);
            }

            await Engine.DeleteLabAsync(lab.Id);
            Reload();
            ShowInfo($"Lab {lab.Id} deleted: its holders were killed and its namespaces released.");
        });
    }

    private async Task CloneAsync(CloneRequest request)
    {
        await RunBusyAsync(async () =>
        {
            // As an operation (unshare run in the namespace cloned), so the timeline and its shell
            // script hold the clone in its place among the lab's other operations.
            OperationResult result = await Operations.ExecuteAsync(request.LabId, request.From, new CreateNamespaceOperation(request.Name, request.Propagation, request.From));
            Reload();
            LabNamespaceInfo? ns = Engine.FindLab(request.LabId)?.Namespaces.FirstOrDefault(n => n.Name == request.Name);
            if (!result.Ok || ns is null)
            {
                ShowError(result.Message);
                return;
            }

            ShowInfo($"Namespace {ns.Name} cloned from {request.From} ({request.Propagation.ToWord()}), holder PID {ns.Pid}.");
        });
    }

    private async Task RunBusyAsync(Func<Task> action)
    {
        _busy = true;
        ClearStatus();
        try
        {
            await action();
        }
        catch (LabException e)
        {
            ShowError(e.Message);
            Reload();
        }
        finally
        {
            _busy = false;
        }
    }

    private void ShowInfo(string text)
    {
        _status = text;
        _statusIsError = false;
    }

    private void ShowError(string text)
    {
        _status = text;
        _statusIsError = true;
    }

    private void ClearStatus() => _status = null;
}
