using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MountViz.Core.Labs;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The command line: one line of the command language for the namespace chosen in the select.
/// Enter hands it to <see cref="Run"/> (the Operations panel runs it, as it runs its forms);
/// Up/Down walk <see cref="History"/>; Tab completes the verb or the path before the caret from
/// the namespace's directory listing (the key handling is client/src/commandline.ts, attached
/// the first time the line gets focus). Below the line, <see cref="PredictionPreview"/> says what
/// it will do before it runs.
/// </summary>
public sealed partial class CommandBar : ComponentBase, IAsyncDisposable
{
    /// <summary>How many completion candidates are listed.</summary>
    public const int MaxCandidates = 40;

    /// <summary>The Tab handler's module (client/src/commandline.ts), its own small bundle.</summary>
    internal const string ModulePath = "./js/commandline.js";

    private ElementReference _input;
    private IJSObjectReference? _module;
    private IJSObjectReference? _handler;
    private DotNetObjectReference<Callbacks>? _callbacks;
    private bool _attaching;
    private int _historyIndex = -1;
    private string _line = "";
    private ImmutableArray<string> _candidates = [];
    private string? _completionNote;
    private (string Line, int Caret)? _lastCompletion;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    /// <summary>The namespaces commands can run in: source ID and label.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<(string SourceId, string Label)> Targets { get; set; } = [];

    /// <summary>The source ID of the namespace commands run in.</summary>
    [Parameter]
    public string? Target { get; set; }

    /// <summary>Raised when the user picks another namespace.</summary>
    [Parameter]
    public EventCallback<string> TargetChanged { get; set; }

    /// <summary>The lines run so far, oldest first (typed or from forms).</summary>
    [Parameter]
    public IReadOnlyList<string> History { get; set; } = [];

    /// <summary>An operation is running.</summary>
    [Parameter]
    public bool Running { get; set; }

    /// <summary>Bumped when the lab changed, so the line's prediction is asked again.</summary>
    [Parameter]
    public int PredictionVersion { get; set; }

    /// <summary>Runs a line; true when it ran (the line is then cleared), false when it was not run (it stays, to fix).</summary>
    [Parameter, EditorRequired]
    public Func<string, Task<bool>> Run { get; set; } = default!;

    /// <summary>The line as typed now.</summary>
    public string Line => _line;

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        if (_historyIndex < 0 || _historyIndex > History.Count)
        {
            _historyIndex = History.Count;
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
        try
        {
            if (_handler is not null)
            {
                await _handler.InvokeVoidAsync("dispose");
                await _handler.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the handler with it.
        }
        finally
        {
            _callbacks?.Dispose();
        }
    }

    /// <summary>
    /// Completes the word before <paramref name="caret"/>: a verb, or a path listed from its
    /// directory in the target namespace. A second Tab that would change nothing moves focus on.
    /// </summary>
    internal async Task<CompletionReply> CompleteAsync(string line, int caret)
    {
        CompletionReply reply = await CompleteCoreAsync(line, caret);
        StateHasChanged();
        return reply;
    }

    private async Task<CompletionReply> CompleteCoreAsync(string line, int caret)
    {
        caret = Math.Clamp(caret, 0, line.Length);
        (int start, string word) = CommandCompletion.WordBefore(line, caret);
        bool again = _lastCompletion == (line, caret);
        _lastCompletion = (line, caret);
        if (word.Length == 0 || again || !LabSourceId.TryParse(Target, out string? labId, out string? ns))
        {
            ClearCompletion();
            return new CompletionReply(line, caret, MoveFocus: true);
        }

        CommandCompletion completion;
        _completionNote = null;
        if (CommandCompletion.IsVerb(line, start))
        {
            completion = CommandCompletion.CompleteVerb(line, caret);
            _completionNote = completion.Candidates.IsEmpty && completion.Line == line ? $"No command starts with {word}." : null;
        }
        else if (CommandCompletion.DirectoryOf(word) is (string directory, _, string prefix))
        {
            FileTree listing;
            try
            {
                listing = await Operations.ListFilesAsync(labId, ns, directory, maxDepth: 1, maxEntries: 1000);
            }
            catch (LabException e)
            {
                _candidates = [];
                _completionNote = $"No completion for {word}: {e.Message}";
                return new CompletionReply(line, caret, MoveFocus: false);
            }

            completion = CommandCompletion.CompletePath(line, caret, listing.Root.Children.Select(c => (c.Name, c.Type == "directory")));
            if (completion.Candidates.IsEmpty && completion.Line == line)
            {
                _completionNote = $"Nothing in {directory} starts with {prefix}.";
            }
        }
        else
        {
            ClearCompletion();
            return new CompletionReply(line, caret, MoveFocus: true);
        }

        _candidates = completion.Candidates;
        _lastCompletion = (completion.Line, completion.Caret);
        _line = completion.Line;
        return new CompletionReply(completion.Line, completion.Caret, MoveFocus: false);
    }

    private void ClearCompletion()
    {
        _candidates = [];
        _completionNote = null;
    }

    private async Task AttachAsync()
    {
        if (_handler is not null || _attaching || _disposed)
        {
            return;
        }

        _attaching = true;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _callbacks ??= DotNetObjectReference.Create(new Callbacks(this));
            _handler = await _module.InvokeAsync<IJSObjectReference>("attachCommandLine", _input, _callbacks);
        }
        catch (JSException)
        {
            // Without the handler Tab moves focus as usual; everything else still works.
        }
        finally
        {
            _attaching = false;
        }
    }

    private async Task OnTargetChangedAsync(ChangeEventArgs e)
    {
        ClearCompletion();
        await TargetChanged.InvokeAsync(e.Value?.ToString() ?? "");
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "Enter":
                await RunAsync();
                break;
            case "ArrowUp" when History.Count > 0:
                _historyIndex = Math.Max(0, Math.Min(_historyIndex, History.Count) - 1);
                _line = History[_historyIndex];
                break;
            case "ArrowDown" when History.Count > 0:
                _historyIndex = Math.Min(History.Count, _historyIndex + 1);
                _line = _historyIndex == History.Count ? "" : History[_historyIndex];
                break;
            case "Escape":
                ClearCompletion();
                break;
            default:
                break;
        }
    }

    private async Task RunAsync()
    {
        string line = _line.Trim();
        if (Running || line.Length == 0)
        {
            return;
        }

        ClearCompletion();
        bool ran = await Run(line);
        _historyIndex = History.Count;
        if (ran)
        {
            _line = "";
        }
    }

    /// <summary>What JS may call: only this, not the component.</summary>
    private sealed class Callbacks(CommandBar owner)
    {
        /// <summary>Tab in the line: the completed line and caret.</summary>
        [JSInvokable]
        public Task<CompletionReply> Complete(string line, int caret) => owner.CompleteAsync(line, caret);
    }
}
