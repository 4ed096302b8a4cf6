using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Core.Labs;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The timeline of a lab's operations, newest first: each entry is a button that selects it
/// (<see cref="OnSelect"/>: its result is shown and its changes highlighted in the graph), and
/// the history copies or downloads as a runnable shell script (<see cref="TimelineScript"/>).
/// </summary>
public sealed partial class Timeline : ComponentBase
{
    private IReadOnlyList<OperationRecord>? _scriptRecords;
    private string _script = "";
    private bool _copied;
    private string? _copyError;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The lab shown; null when there is no lab.</summary>
    [Parameter]
    public string? LabId { get; set; }

    /// <summary>The lab's current state (for namespaces cloned before the history starts), when it still exists.</summary>
    [Parameter]
    public LabInfo? Lab { get; set; }

    /// <summary>The lab's operations, oldest first.</summary>
    [Parameter]
    public IReadOnlyList<OperationRecord> Records { get; set; } = [];

    /// <summary>The sequence number of the selected entry, if any.</summary>
    [Parameter]
    public int? SelectedSequence { get; set; }

    /// <summary>Raised with the entry the user clicked.</summary>
    [Parameter]
    public EventCallback<OperationRecord> OnSelect { get; set; }

    /// <summary>The history as a shell script.</summary>
    public string Script
    {
        get
        {
            if (!ReferenceEquals(_scriptRecords, Records))
            {
                _scriptRecords = Records;
                _script = LabId is null ? "" : TimelineScript.Build(LabId, Lab, Records, DateTimeOffset.UtcNow);
            }

            return _script;
        }
    }

    private string ScriptUrl => "data:text/x-shellscript;charset=utf-8," + Uri.EscapeDataString(Script);

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_scriptRecords, Records))
        {
            _copied = false;
        }
    }

    private static string ChangeCount(OperationResult result) => result.Changes.Length switch
    {
        0 => "no change",
        1 => "1 change",
        int n => $"{n} changes",
    };

    private async Task CopyAsync()
    {
        _copyError = null;
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Script);
            _copied = true;
        }
        catch (JSException)
        {
            // No focus or no permission: the download link gives the same script.
            _copied = false;
            _copyError = "The browser refused the clipboard. Use the .sh link beside the button to save the script instead.";
        }
    }
}
