using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Scenarios;
using MountViz.Core.Sources;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Experiments;

/// <summary>
/// <c>/experiments</c>: the built-in scenarios and a form to load a scenario file;
/// <c>/experiments/NAME</c> runs a built-in one. Running means: a <see cref="ScenarioSession"/>
/// over the <see cref="ScenarioRunner"/> (one step per Next), the shown step's narrative and
/// results beside the live graph of the lab's namespaces that step involves, the matrix for a
/// scenario with a table, and the equivalent shell script. Previous shows an earlier step's
/// recorded result; the kernel is not rewound. Leaving the page (or opening another scenario)
/// disposes the session, which deletes the lab.
/// </summary>
public sealed partial class ExperimentsPage : ComponentBase, IAsyncDisposable
{
    // With this many namespaces or fewer every one is drawn; more (the matrix has ten) and only
    // those the shown step involves are, so each stays readable.
    private const int DrawAllUpTo = 4;

    // Long enough for the graph's queued batches to reach the module; short enough to feel immediate.
    private static readonly TimeSpan FitDelay = TimeSpan.FromMilliseconds(250);

    private readonly ImmutableArray<Scenario> _builtIns = [.. BuiltInScenarios.All()];
    private readonly GraphMapper _mapper = new();
    private readonly Dictionary<string, SourceFeed> _feeds = new(StringComparer.Ordinal);
    private ScenarioSession? _session;
    private string? _routeName;
    private int _shown = -1;
    private string? _problem;
    private string? _runError;
    private string? _graphNote;
    private bool _graphDirty;
    private bool _runningAll;
    private bool _opening;
    private int _fitVersion;
    private bool _disposed;
    private MountGraph? _graph;
    private IReadOnlyList<string> _hiddenNamespaces = [];

    /// <summary>The built-in scenario to run, from the URL; null shows the list.</summary>
    [Parameter]
    public string? Name { get; set; }

    [Inject]
    private ILabEngine Engine { get; set; } = default!;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    [Inject]
    private IMountSources Sources { get; set; } = default!;

    [Inject]
    private IScenarioLabAccess Access { get; set; } = default!;

    private StepResult? ShownResult => _session is not null && _shown >= 0 && _shown < _session.Results.Count ? _session.Results[_shown] : null;

    private bool Busy => _session is null || _session.Running || _runningAll;

    private bool IsLookingBack => _session is not null && _shown >= 0 && _shown < _session.Results.Count - 1;

    private bool CanGoBack => _session is not null && !_runningAll && _shown > 0;

    private bool CanGoForward => _session is not null && !Busy && (IsLookingBack || (!_session.Finished && _session.Results.Count > 0));

    private bool CanRunAll => _session is not null && !Busy && !_session.Finished && _session.Results.Count > 0;

    private IReadOnlyList<string> HiddenNamespaces => _hiddenNamespaces;

    private string Script => _session is null ? "" : ScenarioScript.Render(_session.Scenario, _session.Results);

    private string NextLabel
    {
        get
        {
            if (_session is null || IsLookingBack)
            {
                return "Next →";
            }

            int next = _session.Results.Count;
            return _session.Finished || next == 0 || next >= _session.Total ? "Next →" : $"Run step {next} →";
        }
    }

    private string Progress
    {
        get
        {
            if (_session is null)
            {
                return "";
            }

            if (_session.Running)
            {
                int running = _session.Results.Count;
                return running == 0 ? "Running the setup…" : $"Running step {running} of {_session.Total - 1}…";
            }

            int steps = Math.Max(0, _session.Results.Count - 1);
            int failed = _session.Results.Count(r => !r.Passed);
            string ran = $"{steps} of {_session.Total - 1} steps run";
            string verdict = failed == 0 ? "all passed" : $"{failed} failed";
            string end = _session.Finished ? (_session.Results.Count == _session.Total ? " · finished" : " · stopped") : "";
            return _session.Results.Count == 0 ? "" : $"{ran} · {verdict}{end}";
        }
    }

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            // Prerendering: a lab made now would belong to a page the browser never talks to.
            // The interactive page that follows opens the scenario.
            _opening = Name is not null;
            return;
        }

        _opening = false;
        if (Name == _routeName)
        {
            return;
        }

        _routeName = Name;
        await CloseAsync();
        if (Name is null)
        {
            return;
        }

        if (BuiltInScenarios.Load(Name) is not Scenario scenario)
        {
            _problem = $"There is no built-in scenario named '{Name}'. Choose one below, or load a scenario file.";
            return;
        }

        await OpenAsync(scenario);
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_graphDirty && _graph is not null)
        {
            _graphDirty = false;
            if (await SyncGraphAsync())
            {
                await FitGraphAsync();

                // The legend and the chips count what was just drawn.
                StateHasChanged();
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await CloseAsync();
    }

    private Task OpenLoadedAsync(Scenario scenario) => OpenAsync(scenario);

    private async Task OpenAsync(Scenario scenario)
    {
        await CloseAsync();
        _problem = null;
        _session = ScenarioSession.Create(scenario, CreateRunner());
        await RunNextAsync();
    }

    /// <summary>Ends the running scenario, if any: its feeds, then the session (which deletes the lab).</summary>
    private async Task CloseAsync()
    {
        ScenarioSession? session = _session;
        _session = null;
        _shown = -1;
        _runError = null;
        _graphNote = null;
        _hiddenNamespaces = [];
        SourceFeed[] feeds = [.. _feeds.Values];
        _feeds.Clear();
        foreach (SourceFeed feed in feeds)
        {
            await feed.DisposeAsync();
            if (!_disposed)
            {
                await UpdateGraphAsync(_mapper.Remove(feed.SourceId));
            }
        }

        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>The runner over this server's engine, operations and scenario access.</summary>
    private ScenarioRunner CreateRunner() => new(Engine, Operations, Access);

    private async Task NextAsync()
    {
        if (_session is null)
        {
            return;
        }

        if (IsLookingBack)
        {
            Show(_shown + 1);
            return;
        }

        await RunNextAsync();
    }

    private Task PreviousAsync()
    {
        if (CanGoBack)
        {
            Show(_shown - 1);
        }

        return Task.CompletedTask;
    }

    private async Task RunAllAsync()
    {
        if (!CanRunAll)
        {
            return;
        }

        _runningAll = true;
        try
        {
            while (_session is { Finished: false } && !_disposed)
            {
                if (!await RunNextAsync())
                {
                    break;
                }

                // Let each step's result and graph show before the next one runs.
                StateHasChanged();
                await Task.Yield();
            }
        }
        finally
        {
            _runningAll = false;
        }
    }

    /// <summary>Runs the next part and shows it; false when nothing ran (the end, or an error shown).</summary>
    private async Task<bool> RunNextAsync()
    {
        ScenarioSession? session = _session;
        if (session is null || session.Running || session.Finished)
        {
            return false;
        }

        StateHasChanged();
        StepResult? result;
        try
        {
            result = await session.NextAsync();
        }
        catch (LabException e)
        {
            if (session == _session)
            {
                _runError = e.Kind == LabErrorKind.KernelError && !Environment.IsPrivilegedProcess
                    ? $"The scenario could not run: {e.Message} Labs create mount namespaces, which needs the server to run as root."
                    : $"The scenario could not run: {e.Message}";
            }

            return false;
        }
        catch (OperationCanceledException) when (session != _session || _disposed)
        {
            // Left the page or opened another scenario while the step ran: its lab is being deleted.
            return false;
        }

        if (session != _session)
        {
            return false;
        }

        if (result is null)
        {
            _runError ??= session.Results.Count < session.Total
                ? "The run ended early: the lab's namespaces were lost (their holder processes ended, or the lab was deleted elsewhere). Open the scenario again for a fresh lab."
                : null;
            return false;
        }

        _shown = session.Results.Count - 1;
        _graphDirty = true;
        return true;
    }

    private void Show(int index)
    {
        if (_session is null || index < 0 || index >= _session.Results.Count)
        {
            return;
        }

        _shown = index;
        _graphDirty = true;
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (!e.AltKey)
        {
            return;
        }

        if (e.Key == "ArrowLeft")
        {
            await PreviousAsync();
        }
        else if (e.Key == "ArrowRight" && CanGoForward)
        {
            await NextAsync();
        }
    }

    /// <summary>
    /// Draws the namespaces the shown step involves (all of them in a small lab): opens a feed
    /// for each new one, drops the others. True when anything changed.
    /// </summary>
    private async Task<bool> SyncGraphAsync()
    {
        List<LabNamespaceInfo> living = _session?.LabId is string labId && Engine.FindLab(labId) is LabInfo lab
            ? [.. lab.Namespaces.Where(n => n.HolderAlive)]
            : [];
        HashSet<string> involved = ShownResult is StepResult shown ? Involved(shown) : [];
        List<LabNamespaceInfo> wanted = living.Count <= DrawAllUpTo ? living : [.. living.Where(n => involved.Contains(n.Name))];
        _hiddenNamespaces = [.. living.Except(wanted).Select(n => n.Name)];

        bool changed = false;
        foreach (string sourceId in _feeds.Keys.Where(id => !wanted.Any(n => n.SourceId == id)).ToList())
        {
            await DropFeedAsync(sourceId);
            changed = true;
        }

        foreach (LabNamespaceInfo ns in wanted.Where(n => !_feeds.ContainsKey(n.SourceId)))
        {
            if (Sources.Find(ns.SourceId) is null)
            {
                // Not a source yet (just created): the next step draws it.
                continue;
            }

            SourceFeed feed;
            try
            {
                feed = SourceFeed.Open(Sources, ns.SourceId, ns.Name);
            }
            catch (KeyNotFoundException)
            {
                continue;
            }

            _feeds[ns.SourceId] = feed;
            await UpdateGraphAsync(_mapper.Load(ns.SourceId, ns.Name, feed.Snapshot));
            feed.Start(
                batch => InvokeAsync(() => ApplyAsync(feed, batch)),
                error => _ = PostAsync(() => FeedEndedAsync(feed, error)));
            changed = true;
        }

        return changed;
    }

    /// <summary>The namespaces a step names or changed: its own, its expectations', its /proc lines', its commands' and their changes'.</summary>
    internal static HashSet<string> Involved(StepResult result)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (result.Step is ScenarioStep step)
        {
            names.Add(step.Namespace);
            foreach (Expectation expectation in step.Expectations)
            {
                names.Add(expectation.Namespace ?? step.Namespace);
            }

            if (step.Show is ShowRequest show)
            {
                names.UnionWith(show.Namespaces);
            }
        }
        else
        {
            names.Add(LabInfo.BaseNamespace);
        }

        foreach (CommandOutcome command in result.Commands)
        {
            names.Add(command.Namespace);
            if (command.Result is OperationResult operation)
            {
                names.UnionWith(operation.Changes.Select(c => c.Namespace));
            }
        }

        return names;
    }

    private async Task DropFeedAsync(string sourceId)
    {
        if (_feeds.Remove(sourceId, out SourceFeed? feed))
        {
            await feed.DisposeAsync();
            await UpdateGraphAsync(_mapper.Remove(sourceId));
        }
    }

    private async Task ApplyAsync(SourceFeed feed, ImmutableArray<MountChange> batch)
    {
        if (_disposed || !_feeds.TryGetValue(feed.SourceId, out SourceFeed? current) || current != feed)
        {
            return;
        }

        await UpdateGraphAsync(_mapper.Apply(feed.SourceId, batch));
        await FitGraphAsync();
        StateHasChanged();
    }

    /// <summary>
    /// Fits the whole lab into view. The graph fits by itself only when a namespace is added,
    /// and a lab starts nearly empty (one mount, drawn at the largest zoom); each step's mounts
    /// would then grow out of view.
    /// </summary>
    /// <remarks>
    /// Debounced, and after a pause: <see cref="MountGraph.UpdateAsync"/> returns before its batch
    /// reaches the module when another drain is under way, so fitting at once could fit the
    /// graph as it was before the batch.
    /// </remarks>
    private Task FitGraphAsync()
    {
        int version = ++_fitVersion;
        _ = PostAsync(async () =>
        {
            await Task.Delay(FitDelay);
            if (!_disposed && version == _fitVersion && _graph is not null && _feeds.Count > 0)
            {
                await _graph.FitAsync();
            }
        });
        return Task.CompletedTask;
    }

    private async Task FeedEndedAsync(SourceFeed feed, Exception? error)
    {
        if (_disposed || !_feeds.TryGetValue(feed.SourceId, out SourceFeed? current) || current != feed || error is JSDisconnectedException)
        {
            return;
        }

        await DropFeedAsync(feed.SourceId);
        _graphNote = error is null
            ? $"Namespace {feed.Label} is no longer drawn: it ended (its holder exited, or the lab was deleted elsewhere)."
            : $"Namespace {feed.Label} stopped updating: {error.Message}";
        StateHasChanged();
    }

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

    private async Task UpdateGraphAsync(GraphBatchDto batch)
    {
        if (_graph is not null && !batch.IsEmpty)
        {
            await _graph.UpdateAsync(batch);
        }
    }

    private string StepTitle(int index) =>
        index == 0 ? "the setup"
        : _session is not null && index <= _session.Scenario.Steps.Length ? $"step {index} ({_session.Scenario.Steps[index - 1].Title})"
        : $"step {index}";

    private static string StateWords(string state) => state switch
    {
        "passed" => "passed",
        "failed" => "failed",
        _ => "not run yet",
    };

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
