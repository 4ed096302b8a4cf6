using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The prediction of the line being typed (<see cref="ILabOperations.PredictAsync(string, string, string, CancellationToken)"/>),
/// asked for <see cref="Debounce"/> after the last change to the line, the namespace or
/// <see cref="Version"/>. A newer change cancels the request in flight and a late answer to an
/// older line is dropped, so typing never waits for the simulator. Test hook:
/// <c>data-testid="prediction-preview"</c> with <c>data-state</c> <c>ok</c>, <c>errno</c>,
/// <c>unsupported</c> or <c>invalid</c>.
/// </summary>
public sealed partial class PredictionPreview : ComponentBase, IDisposable
{
    /// <summary>How long typing must pause before the line is predicted.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    /// <summary>More explanation sentences than this start folded.</summary>
    internal const int OpenReasons = 4;

    private const string StateOk = "ok";
    private const string StateErrno = "errno";
    private const string StateUnsupported = "unsupported";
    private const string StateInvalid = "invalid";

    private (string? Target, string? Line, int Version)? _asked;
    private CancellationTokenSource? _pending;
    private int _request;
    private string? _state;
    private bool _stale;
    private Prediction? _prediction;
    private string? _reason;
    private string? _invalid;
    private bool _disposed;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    /// <summary>The lab namespace the line would run in (its source ID).</summary>
    [Parameter]
    public string? Target { get; set; }

    /// <summary>The line as it stands; blank (or a form's line while fields are missing: the form says which) shows nothing.</summary>
    [Parameter]
    public string? Line { get; set; }

    /// <summary>Bumped when the lab changed (an operation ran): the same line is predicted again.</summary>
    [Parameter]
    public int Version { get; set; }

    /// <summary>An operation is running: nothing is asked until it ends (its changes would make the answer stale).</summary>
    [Parameter]
    public bool Paused { get; set; }

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        string? line = string.IsNullOrWhiteSpace(Line) ? null : Line.Trim();
        if (line is null)
        {
            Cancel();
            _asked = null;
            _prediction = null;
            _stale = false;
            _invalid = null;
            _state = null;
            return;
        }

        if (Paused)
        {
            // Asked again once the run ends: the lab will have changed.
            Cancel();
            _asked = null;
            _stale = _state is not null;
            return;
        }

        (string? Target, string? Line, int Version) ask = (Target, line, Version);
        if (_asked == ask)
        {
            return;
        }

        _asked = ask;
        Cancel();
        if (!LabSourceId.TryParse(Target, out string? labId, out string? ns))
        {
            Show(StateUnsupported, reason: "commands run in a lab namespace; pick one to run in.");
            return;
        }

        // The last answer stays, dimmed, until the new one comes: no flicker while typing.
        _stale = _state is not null;
        _pending = new CancellationTokenSource();
        _ = PredictLaterAsync(labId, ns, line, ++_request, _pending.Token);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        Cancel();
    }

    private void Cancel()
    {
        if (_pending is not null)
        {
            _pending.Cancel();
            _pending.Dispose();
            _pending = null;
        }
    }

    private async Task PredictLaterAsync(string labId, string ns, string line, int request, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Debounce, cancellationToken);
            Prediction prediction = await Operations.PredictAsync(labId, ns, line, cancellationToken);
            if (Current(request))
            {
                if (!prediction.Supported)
                {
                    Show(StateUnsupported, reason: prediction.Reason ?? "the simulator does not model this.");
                }
                else
                {
                    Show(prediction.Errno is null ? StateOk : StateErrno, prediction);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A newer line (or leaving the page) replaced this one.
            return;
        }
        catch (LabException e) when (Current(request))
        {
            // A line that does not parse yet is the normal state while typing: said quietly.
            if (e.Kind == LabErrorKind.InvalidRequest)
            {
                Show(StateInvalid, invalid: e.Message);
            }
            else
            {
                Show(StateUnsupported, reason: e.Message);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException && Current(request))
        {
            // A namespace's table could not be read just now (its holder exiting, say): no guess.
            Show(StateUnsupported, reason: e.Message);
        }
        catch (Exception e) when (e is LabException or InvalidOperationException or IOException)
        {
            // An answer to an older line: dropped.
            return;
        }

        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException)
        {
            // The page went away meanwhile.
        }
    }

    private bool Current(int request) => !_disposed && request == _request;

    private void Show(string state, Prediction? prediction = null, string? reason = null, string? invalid = null)
    {
        _state = state;
        _prediction = prediction;
        _reason = reason;
        _invalid = invalid;
        _stale = false;
    }

    /// <summary>Why the kernel will refuse: the refusal's sentence, which the simulator adds last.</summary>
    private static string ErrnoWhy(Prediction prediction) =>
        prediction.Explanations.LastOrDefault(e => e.Receives is null)?.Text ?? "";

    /// <summary>"base: 1 added; c1: 1 added" in the namespaces' order.</summary>
    internal static string Summary(Prediction prediction) =>
        string.Join("; ", prediction.Changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
            $"{c.Key}: {string.Join(", ", c.Value.GroupBy(x => x.Kind).Select(g => $"{g.Count()} {KindWords(g.Key)}"))}")) + ".";

    /// <summary>The sentences about who receives the event and who does not (the operation's own "-" notes are left out).</summary>
    private static IReadOnlyList<PropagationExplanation> Reasons(Prediction prediction) =>
        [.. prediction.Explanations.Where(e => e.Receives is not null || e.Rule != "-")];

    private static string KindWords(MountChangeKind kind) => kind switch
    {
        MountChangeKind.Added => "added",
        MountChangeKind.Removed => "removed",
        MountChangeKind.Moved => "moved",
        MountChangeKind.PropagationChanged => "propagation changed",
        _ => "options changed",
    };
}
