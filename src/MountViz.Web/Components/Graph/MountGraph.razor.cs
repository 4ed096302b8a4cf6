using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Graph;

/// <summary>
/// The live mount graph: wraps one instance of the graph module (wwwroot/js/graph.js, built from
/// client/src/graph.ts). Hand it batches from a <see cref="GraphMapper"/> through
/// <see cref="Batch"/> (each new instance is applied once, in order) or <see cref="UpdateAsync"/>;
/// batches that arrive before the module is loaded wait for it.
/// </summary>
public sealed partial class MountGraph : ComponentBase, IAsyncDisposable
{
    /// <summary>The module's URL, relative to the page's base.</summary>
    internal const string ModulePath = "./js/graph.js";

    private readonly Queue<GraphBatchDto> _pending = new();
    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _graph;
    private DotNetObjectReference<Callbacks>? _callbacks;
    private GraphBatchDto? _lastBatch;
    private bool _draining;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The latest batch to apply; a new instance is applied once, an instance seen before is not.</summary>
    [Parameter]
    public GraphBatchDto? Batch { get; set; }

    /// <summary>Raised with the node ID (<c>ns:SOURCEID:MOUNTID</c>) when the user clicks a mount, null when they click the background.</summary>
    [Parameter]
    public EventCallback<string?> OnNodeSelected { get; set; }

    /// <summary>Theme and animation options, read once when the graph is created.</summary>
    [Parameter]
    public MountGraphOptions? Options { get; set; }

    /// <summary>Extra CSS classes for the graph's element.</summary>
    [Parameter]
    public string? Class { get; set; }

    /// <summary>The accessible name of the graph region.</summary>
    [Parameter]
    public string AriaLabel { get; set; } = "Mount graph";

    /// <summary>Queues a batch and applies it (and any before it) once the module is ready.</summary>
    public Task UpdateAsync(GraphBatchDto batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _pending.Enqueue(batch);
        return DrainAsync();
    }

    /// <summary>Selects a node (null clears) and brings it into view; false when it is not drawn or the graph is not ready.</summary>
    public async Task<bool> SelectAsync(string? nodeId) =>
        _graph is not null && await _graph.InvokeAsync<bool>("select", nodeId);

    /// <summary>Fits the whole graph into view.</summary>
    public async Task FitAsync()
    {
        if (_graph is not null)
        {
            await _graph.InvokeVoidAsync("fit");
        }
    }

    /// <summary>Lays every namespace out anew (the one action that moves existing nodes).</summary>
    public async Task LayoutAsync()
    {
        if (_graph is not null)
        {
            await _graph.InvokeVoidAsync("layout");
        }
    }

    /// <summary>Zooms by <paramref name="factor"/> (above 1 in, below 1 out) around the view's centre.</summary>
    public async Task ZoomAsync(double factor)
    {
        if (_graph is not null)
        {
            await _graph.InvokeVoidAsync("zoom", factor);
        }
    }

    /// <summary>Node IDs of the mounts whose mount point contains <paramref name="text"/>, in reading order.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(string text) =>
        _graph is null ? [] : await _graph.InvokeAsync<string[]>("find", text);

    /// <summary>
    /// Saves the graph as a PNG file in the browser (3 times screen resolution by default). The
    /// image is made and saved in the browser: it would not fit in a circuit message back.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph is not drawn yet.</exception>
    public async Task DownloadPngAsync(string fileName, double scale = 3) =>
        await Ready().InvokeVoidAsync("downloadPng", fileName, scale);

    /// <summary>Saves the graph as an SVG file in the browser.</summary>
    /// <exception cref="InvalidOperationException">The graph is not drawn yet.</exception>
    public async Task DownloadSvgAsync(string fileName) =>
        await Ready().InvokeVoidAsync("downloadSvg", fileName);

    /// <summary>Saves <paramref name="text"/> as a file in the browser (the graph module's <c>downloadText</c>).</summary>
    /// <exception cref="InvalidOperationException">The graph module is not loaded yet.</exception>
    public async Task DownloadTextAsync(string fileName, string mimeType, string text)
    {
        IJSObjectReference module = _module ?? throw new InvalidOperationException("The graph module is not loaded yet: it loads after the component's first render in a browser.");
        await module.InvokeVoidAsync("downloadText", fileName, mimeType, text);
    }

    /// <summary>Highlights mounts whose mount point contains <paramref name="text"/>; returns how many.</summary>
    public async Task<int> SearchAsync(string text) =>
        _graph is null ? 0 : await _graph.InvokeAsync<int>("search", text);

    /// <summary>
    /// Highlights the mounts with these node IDs (an operation's changes): the others dim, these
    /// flash and come into view; an empty list clears. Returns how many are drawn.
    /// </summary>
    public async Task<int> HighlightAsync(IReadOnlyList<string> nodeIds) =>
        _graph is null ? 0 : await _graph.InvokeAsync<int>("highlight", nodeIds);

    /// <summary>The whole graph as a PNG <c>data:</c> URL at <paramref name="scale"/> times screen resolution.</summary>
    /// <exception cref="InvalidOperationException">The graph is not drawn yet.</exception>
    public async Task<string> ExportPngAsync(double scale = 2) =>
        await Ready().InvokeAsync<string>("exportPng", scale);

    /// <summary>The whole graph as an SVG document.</summary>
    /// <exception cref="InvalidOperationException">The graph is not drawn yet.</exception>
    public async Task<string> ExportSvgAsync() =>
        await Ready().InvokeAsync<string>("exportSvg");

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        if (Batch is not null && !ReferenceEquals(Batch, _lastBatch))
        {
            _lastBatch = Batch;
            _pending.Enqueue(Batch);
        }
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Lazily, after the element exists: prerendering has no JS, and the module is only
            // needed where a graph is shown.
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _callbacks = DotNetObjectReference.Create(new Callbacks(this));
            IJSObjectReference graph = await _module.InvokeAsync<IJSObjectReference>("create", _element, _callbacks, Options ?? MountGraphOptions.Default);
            if (_disposed)
            {
                // Disposed while the module loaded: DisposeAsync found nothing to release yet.
                await ReleaseAsync(graph, _module, _callbacks);
                return;
            }

            _graph = graph;
        }

        await DrainAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pending.Clear();
        IJSObjectReference? graph = _graph;
        _graph = null;
        await ReleaseAsync(graph, _module, _callbacks);
    }

    private static async Task ReleaseAsync(IJSObjectReference? graph, IJSObjectReference? module, IDisposable? callbacks)
    {
        try
        {
            if (graph is not null)
            {
                await graph.InvokeVoidAsync("dispose");
                await graph.DisposeAsync();
            }

            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's objects with it: nothing left to release.
        }
        finally
        {
            callbacks?.Dispose();
        }
    }

    private IJSObjectReference Ready() =>
        _graph ?? throw new InvalidOperationException("The graph is not drawn yet: it is created after the component's first render in a browser. Export after the first batch is shown.");

    private async Task DrainAsync()
    {
        // One drain at a time, so batches reach the module in the order they came.
        if (_graph is null || _draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (!_disposed && _graph is not null && _pending.TryDequeue(out GraphBatchDto? batch))
            {
                if (!batch.IsEmpty)
                {
                    await _graph.InvokeVoidAsync("update", batch);
                }
            }
        }
        finally
        {
            _draining = false;
        }
    }

    /// <summary>What JS may call: only this, not the component.</summary>
    private sealed class Callbacks(MountGraph owner)
    {
        /// <summary>A click on a mount (its node ID) or on the background (null).</summary>
        [JSInvokable]
        public Task OnNodeSelected(string? nodeId) => owner.OnNodeSelected.InvokeAsync(nodeId);
    }
}
