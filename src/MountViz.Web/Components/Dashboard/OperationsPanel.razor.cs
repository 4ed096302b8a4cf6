using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Web.Graph;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The Operations area below the graph. Buttons open inline forms prefilled from the
/// <see cref="Selection"/>; a form and the command line both hand one command-language line to
/// the same runner (<see cref="ILabOperations.ExecuteAsync(string, string, string, CancellationToken)"/>),
/// so history and results look the same whichever was used. Shows the latest result and the
/// timeline of the lab's operations (<see cref="ILabOperations.History"/>, re-read after each
/// run and when <see cref="ILabOperations.HistoryChanged"/> says an operation from elsewhere, the
/// REST API or another tab, was recorded); a timeline entry highlights its changes in the graph
/// through <see cref="Highlight"/>.
/// </summary>
public sealed partial class OperationsPanel : ComponentBase, IAsyncDisposable
{
    private readonly List<string> _history = [];
    private readonly Dictionary<string, ElementReference> _buttons = new(StringComparer.Ordinal);
    private List<(string SourceId, string Label)> _targets = [];
    private string? _target;
    private OperationSelection? _lastSelection;
    private OperationFormSpec? _open;
    private IReadOnlyDictionary<string, string>? _formInitial;
    private int _formKey;
    private bool _running;
    private OperationResult? _result;
    private string? _error;
    private string? _ranLine;
    private string? _ranIn;
    private string? _highlightNote;
    private IReadOnlyList<OperationRecord> _records = [];
    private string? _recordsLab;
    private int? _selectedSequence;
    private int _predictionVersion;
    private bool _disposed;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    [Inject]
    private ILabEngine Engine { get; set; } = default!;

    [Inject]
    private IMountSources Sources { get; set; } = default!;

    /// <summary>The labs whose namespaces operations can run in.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<LabInfo> Labs { get; set; } = [];

    /// <summary>The selected mount or directory; a lab one prefills the forms and picks the namespace to run in.</summary>
    [Parameter]
    public OperationSelection? Selection { get; set; }

    /// <summary>Highlights graph nodes by ID (an empty list clears) and says how many are drawn.</summary>
    [Parameter]
    public Func<IReadOnlyList<string>, Task<int>>? Highlight { get; set; }

    /// <summary>
    /// Told when an operation starts and when it ends (always, whatever happened), so the page
    /// can take the lab's changes in between as that operation's (see <see cref="OperationProgress"/>).
    /// </summary>
    [Parameter]
    public Func<OperationProgress, Task>? OnOperation { get; set; }

    /// <summary>The lines run so far, oldest first.</summary>
    public IReadOnlyList<string> History => _history;

    private string? TargetLabId => LabSourceId.TryParse(_target, out string? labId, out _) ? labId : null;

    private LabInfo? TargetLab => TargetLabId is string id ? Labs.FirstOrDefault(l => l.Id == id) : null;

    private IReadOnlyList<string> TargetLabNamespaces => TargetLab is LabInfo lab ? [.. lab.Namespaces.Where(n => n.HolderAlive).Select(n => n.Name)] : [];

    private string? PrefillPath => Selection is { InLab: true } s ? s.Path : null;

    private string SelectionLabel => Selection is null ? "" : Label(Selection.SourceId);

    private string TargetLabel => _target is null ? "" : Label(_target);

    /// <inheritdoc/>
    protected override void OnInitialized() => Operations.HistoryChanged += OnHistoryChanged;

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        _targets = [.. Labs.SelectMany(l => l.Namespaces).Where(n => n.HolderAlive).Select(n => (n.SourceId, SourcesPanel.LabLabel(n)))];

        // Selecting a mount of a lab namespace makes that namespace the one to run in.
        if (Selection != _lastSelection)
        {
            _lastSelection = Selection;
            if (Selection is { InLab: true } s && _targets.Exists(t => t.SourceId == s.SourceId))
            {
                _target = s.SourceId;
            }
        }

        if (_target is null || !_targets.Exists(t => t.SourceId == _target))
        {
            _target = _targets.Count > 0 ? _targets[0].SourceId : null;
        }

        if (_targets.Count == 0)
        {
            _open = null;
        }

        LoadHistory();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Operations.HistoryChanged -= OnHistoryChanged;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Re-reads the target lab's history; true when it changed.</summary>
    private bool LoadHistory()
    {
        string? labId = TargetLabId;
        IReadOnlyList<OperationRecord> records = [];
        if (labId is not null)
        {
            try
            {
                records = Operations.History(labId);
            }
            catch (LabException)
            {
                // The lab was deleted meanwhile: the next Labs update drops it.
            }
        }

        bool changed = labId != _recordsLab || records.Count != _records.Count
            || (records.Count > 0 && records[^1].Sequence != _records[^1].Sequence);
        if (changed)
        {
            // An operation ran (here or elsewhere): the line being typed is predicted again.
            _predictionVersion++;
            if (labId != _recordsLab)
            {
                _selectedSequence = null;
            }

            _recordsLab = labId;
            _records = records;
        }

        return changed;
    }

    // Raised on the thread that ran the operation (any lab's): the rest happens on the circuit's context.
    private void OnHistoryChanged(object? sender, LabHistoryEvent e)
    {
        if (!_disposed)
        {
            _ = ReloadHistoryAsync(e.LabId);
        }
    }

    private async Task ReloadHistoryAsync(string labId)
    {
        try
        {
            await InvokeAsync(() =>
            {
                if (!_disposed && !_running && labId == TargetLabId && LoadHistory())
                {
                    StateHasChanged();
                }
            });
        }
        catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException)
        {
            // The panel or its circuit is gone.
        }
    }

    private void OnTargetChanged(string sourceId)
    {
        _target = sourceId;
        LoadHistory();
    }

    private void Open(OperationFormSpec spec)
    {
        // A fresh form each time (new key), prefilled from the selection now.
        _open = spec;
        _formKey++;
        string ns = LabSourceId.TryParse(_target, out _, out string? name) ? name : LabInfo.BaseNamespace;
        _formInitial = spec.Prefill(PrefillPath, ns);
    }

    private async Task CloseFormAsync()
    {
        string? id = _open?.Id;
        _open = null;
        if (id is not null && _buttons.TryGetValue(id, out ElementReference button))
        {
            // Back to the button that opened it, so keyboard users keep their place.
            await button.FocusAsync();
        }
    }

    private async Task RunFormAsync(string line)
    {
        await RunLineAsync(line);
        if (_result is { Ok: true })
        {
            await CloseFormAsync();
        }
    }

    /// <summary>Runs one line in the target namespace; false when it was not run (it did not parse, the lab is gone).</summary>
    private async Task<bool> RunLineAsync(string line)
    {
        if (_running || !LabSourceId.TryParse(_target, out string? labId, out string? ns))
        {
            return false;
        }

        if (_history.Count == 0 || _history[^1] != line)
        {
            _history.Add(line);
        }

        _running = true;
        _ranLine = line;
        _ranIn = Label(_target!);
        _error = null;
        _result = null;
        _highlightNote = null;
        _selectedSequence = null;
        StateHasChanged();
        string target = _target!;
        if (OnOperation is not null)
        {
            await OnOperation(new OperationProgress(target, Done: false, Result: null));
        }

        try
        {
            _result = await Operations.ExecuteAsync(labId, ns, line);
            await RefreshLabAsync(labId);
        }
        catch (LabException e)
        {
            // A line that does not parse, a lab or namespace that is gone: the message says which.
            _error = e.Message;
        }
        finally
        {
            _running = false;

            // Whatever it did, the line being typed is predicted again against the lab as it is now.
            _predictionVersion++;
            if (OnOperation is not null)
            {
                await OnOperation(new OperationProgress(target, Done: true, _result));
            }
        }

        LoadHistory();
        if (_result is not null && _records.Count > 0 && ReferenceEquals(_records[^1].Result, _result))
        {
            _selectedSequence = _records[^1].Sequence;
        }

        StateHasChanged();
        return _result is not null;
    }

    // A propagation change wakes no watcher: re-read the lab's namespaces so the graph shows it now,
    // not at the next periodic re-read (as the REST API does after a command).
    private async Task RefreshLabAsync(string labId)
    {
        if (Engine.FindLab(labId) is not LabInfo lab)
        {
            return;
        }

        try
        {
            await Task.WhenAll(lab.Namespaces.Select(n => Sources.RefreshAsync(n.SourceId))).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or KeyNotFoundException or LabException or IOException)
        {
            // The periodic re-read catches up; the command's result is already shown.
        }
    }

    private async Task SelectRecordAsync(OperationRecord record)
    {
        if (_running)
        {
            return;
        }

        bool deselect = _selectedSequence == record.Sequence;
        _selectedSequence = deselect ? null : record.Sequence;
        _error = null;
        _result = deselect ? null : record.Result;
        _ranLine = record.Result.ShellCommand;
        _ranIn = TargetLabId is string labId ? Label(LabSourceId.Format(labId, record.Namespace)) : record.Namespace;
        _highlightNote = null;
        if (Highlight is null || TargetLabId is not string lab)
        {
            return;
        }

        IReadOnlyList<string> ids = deselect ? [] : NodeIds(lab, record.Result.Changes);
        int drawn = await Highlight(ids);
        if (deselect)
        {
            return;
        }

        if (ids.Count == 0)
        {
            _highlightNote = "Nothing to highlight: no mount was added or changed (removed mounts are gone from the graph).";
        }
        else if (drawn < ids.Count)
        {
            _highlightNote = $"{drawn} of its {ids.Count} changed mounts are in the graph now: tick lab {lab}'s namespaces under Sources to see the others (a mount removed since is gone).";
        }
    }

    /// <summary>The graph node IDs of the mounts an operation added or changed (removed ones are not drawn).</summary>
    internal static IReadOnlyList<string> NodeIds(string labId, ImmutableArray<NamespaceChange> changes) =>
        changes.IsDefaultOrEmpty
            ? []
            : [.. changes.Where(c => c.Change.Kind != MountChangeKind.Removed)
                .Select(c => GraphIds.Mount(LabSourceId.Format(labId, c.Namespace), c.Change.Mount.Id))
                .Distinct(StringComparer.Ordinal)];

    private string Label(string sourceId) =>
        Labs.SelectMany(l => l.Namespaces).FirstOrDefault(n => n.SourceId == sourceId) is LabNamespaceInfo ns
            ? SourcesPanel.LabLabel(ns)
            : sourceId;
}
