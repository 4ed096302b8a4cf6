using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MountViz.Core.Labs;
using MountViz.Core.Sources;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The command line: one line of the command language run in the lab namespace chosen in the
/// select, through <see cref="ILabOperations"/>; Enter runs, Up/Down walk the history. Shows the
/// result, or why the line was not run.
/// </summary>
public sealed partial class CommandBar : ComponentBase
{
    private readonly List<string> _history = [];
    private List<(string SourceId, string Label)> _targets = [];
    private int _historyIndex;
    private string _line = "";
    private string? _target;
    private bool _running;
    private OperationResult? _result;
    private string? _error;
    private string? _ranLine;
    private string? _ranIn;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    [Inject]
    private ILabEngine Engine { get; set; } = default!;

    [Inject]
    private IMountSources Sources { get; set; } = default!;

    /// <summary>The labs whose namespaces commands can run in.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<LabInfo> Labs { get; set; } = [];

    /// <summary>The lines run so far, oldest first.</summary>
    public IReadOnlyList<string> History => _history;

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        _targets = [.. Labs.SelectMany(l => l.Namespaces).Where(n => n.HolderAlive).Select(n => (n.SourceId, SourcesPanel.LabLabel(n)))];
        if (_target is null || !_targets.Exists(t => t.SourceId == _target))
        {
            _target = _targets.Count > 0 ? _targets[0].SourceId : null;
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "Enter":
                await RunAsync();
                break;
            case "ArrowUp" when _history.Count > 0:
                _historyIndex = Math.Max(0, _historyIndex - 1);
                _line = _history[_historyIndex];
                break;
            case "ArrowDown" when _history.Count > 0:
                _historyIndex = Math.Min(_history.Count, _historyIndex + 1);
                _line = _historyIndex == _history.Count ? "" : _history[_historyIndex];
                break;
            default:
                break;
        }
    }

    private async Task RunAsync()
    {
        string line = _line.Trim();
        if (_running || line.Length == 0 || _target is null || !LabSourceId.TryParse(_target, out string? labId, out string? name))
        {
            return;
        }

        if (_history.Count == 0 || _history[^1] != line)
        {
            _history.Add(line);
        }

        _historyIndex = _history.Count;
        _running = true;
        _ranLine = line;
        _ranIn = SourcesPanel.LabLabel(Labs.SelectMany(l => l.Namespaces).First(n => n.SourceId == _target));
        _error = null;
        _result = null;
        try
        {
            _result = await Operations.ExecuteAsync(labId, name, line);
            _line = "";
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
        }
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
}
