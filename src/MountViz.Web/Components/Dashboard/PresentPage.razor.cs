using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// <c>/present</c>: the live graph of the namespaces named by <c>ns</c> query parameters (source
/// IDs, as <c>GET /api/sources</c> lists them), side by side in that order, without chrome,
/// unanimated; <c>legend=0</c> hides the legend; <c>theme=light|dark</c> fixes the colours
/// (default: the browser's). All snapshots go to the graph in one batch, so its
/// <c>data-ready="true"</c> means every namespace is laid out.
/// </summary>
public sealed partial class PresentPage : ComponentBase, IAsyncDisposable
{
    private readonly GraphMapper _mapper = new();
    private readonly Dictionary<string, SourceFeed> _feeds = new(StringComparer.Ordinal);
    private MountGraph? _graph;
    private MountGraphOptions _options = MountGraphOptions.Default;
    private string? _problem;
    private bool _loaded;
    private bool _disposed;

    [Inject]
    private IMountSources Sources { get; set; } = default!;

    /// <summary>The source IDs to draw, in order.</summary>
    [SupplyParameterFromQuery(Name = "ns")]
    public string[]? Namespaces { get; set; }

    /// <summary><c>0</c> hides the legend; anything else (or nothing) shows it.</summary>
    [SupplyParameterFromQuery(Name = "legend")]
    public string? Legend { get; set; }

    /// <summary><c>light</c> or <c>dark</c>; anything else follows the browser.</summary>
    [SupplyParameterFromQuery(Name = "theme")]
    public string? Theme { get; set; }

    private bool ShowLegend => Legend is not ("0" or "false" or "no");

    private string Title => _feeds.Count == 0 ? "Presentation" : string.Join(" | ", _feeds.Values.Select(f => f.Label));

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        string theme = Theme is "light" or "dark" ? Theme : "auto";
        _options = new MountGraphOptions(Theme: theme, Animate: false);
        string[] requested = [.. (Namespaces ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)];
        if (requested.Length == 0)
        {
            _problem = "No namespace to show: add ns=SOURCEID to the URL for each one, e.g. /present?ns=lab.1a2b3c4d.base&ns=lab.1a2b3c4d.a (GET /api/sources lists the IDs).";
            return;
        }

        var missing = new List<string>();
        foreach (string sourceId in requested)
        {
            if (Sources.Find(sourceId) is not SourceInfo source)
            {
                missing.Add(sourceId);
                continue;
            }

            try
            {
                _feeds[sourceId] = SourceFeed.Open(Sources, sourceId, LabelOf(source));
            }
            catch (KeyNotFoundException)
            {
                missing.Add(sourceId);
            }
        }

        if (missing.Count > 0)
        {
            _problem = $"No namespace {string.Join(", ", missing)}: it ended or never existed. GET /api/sources lists the IDs there are now.";
        }
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_loaded || _graph is null)
        {
            return;
        }

        // One batch with every namespace: the module lays them all out before it says ready.
        _loaded = true;
        var namespaces = new List<GraphNamespaceDto>();
        var groups = new List<GraphPeerGroupDto>();
        foreach (SourceFeed feed in _feeds.Values)
        {
            GraphBatchDto load = _mapper.Load(feed.SourceId, feed.Label, feed.Snapshot);
            namespaces.AddRange(load.Namespaces);
            groups.AddRange(load.Groups);
        }

        await _graph.UpdateAsync(new GraphBatchDto(namespaces, [], [], [.. groups.DistinctBy(g => g.Group)]));
        foreach (SourceFeed feed in _feeds.Values)
        {
            feed.Start(batch => InvokeAsync(() => ApplyAsync(feed, batch)), _ => { });
        }

        // The legend counts what was just loaded.
        StateHasChanged();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SourceFeed[] feeds = [.. _feeds.Values];
        foreach (SourceFeed feed in feeds)
        {
            await feed.DisposeAsync();
        }
    }

    private async Task ApplyAsync(SourceFeed feed, ImmutableArray<MountChange> batch)
    {
        if (_disposed || _graph is null)
        {
            return;
        }

        await _graph.UpdateAsync(_mapper.Apply(feed.SourceId, batch));
        StateHasChanged();
    }

    private static string LabelOf(SourceInfo source) =>
        source.Kind == "lab" && source.LabId is not null
            ? $"lab {source.LabId} · {source.Name}"
            : SourcesPanel.HostLabel(source);
}
