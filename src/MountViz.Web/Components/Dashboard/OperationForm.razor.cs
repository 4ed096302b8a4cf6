using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The form of one <see cref="OperationFormSpec"/>: fields prefilled from the selection, the
/// command line they make shown live with its prediction (<see cref="PredictionPreview"/>), and Run, which hands that line to <see cref="OnRun"/> so
/// it runs exactly as if typed. Enter runs; Escape closes.
/// </summary>
public sealed partial class OperationForm : ComponentBase
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ElementReference> _inputs = new(StringComparer.Ordinal);
    private string? _line;
    private string? _error;

    /// <summary>The operation.</summary>
    [Parameter, EditorRequired]
    public OperationFormSpec Spec { get; set; } = default!;

    /// <summary>The initial values (from <see cref="OperationFormSpec.Prefill"/>), read once.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string>? Initial { get; set; }

    /// <summary>The lab's namespaces, for namespace fields.</summary>
    [Parameter]
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>The lab namespace the form's line runs in (its source ID), for the prediction under the form.</summary>
    [Parameter]
    public string? Target { get; set; }

    /// <summary>Bumped when the lab changed, so the line's prediction is asked again.</summary>
    [Parameter]
    public int PredictionVersion { get; set; }

    /// <summary>An operation is running: Run waits.</summary>
    [Parameter]
    public bool Running { get; set; }

    /// <summary>Raised with the command line to run.</summary>
    [Parameter]
    public EventCallback<string> OnRun { get; set; }

    /// <summary>Where the form runs and what prefilled it, shown under its title.</summary>
    [Parameter]
    public RenderFragment? Lead { get; set; }

    /// <summary>Raised when the user closes the form (Cancel, ×, Escape).</summary>
    [Parameter]
    public EventCallback OnClose { get; set; }

    /// <summary>The command line the fields make now, or null while they make none.</summary>
    public string? Line => _line;

    private string HeadingId => "op-form-" + Spec.Id;

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        foreach ((string key, string value) in Initial ?? new Dictionary<string, string>())
        {
            _values[key] = value;
        }

        // A choice shows its first word when nothing chose one, and the line must say the same.
        foreach (OperationFormField field in Spec.Fields)
        {
            if (!_values.ContainsKey(field.Name))
            {
                _values[field.Name] = field.Kind switch
                {
                    OperationFieldKind.Choice => field.Choices.IsDefaultOrEmpty ? "" : field.Choices[0],
                    OperationFieldKind.Namespace => Namespaces.Count > 0 ? Namespaces[0] : "",
                    _ => "",
                };
            }
        }

        Rebuild();
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Keyboard users land in the first field still to fill (the first field when all are).
            // A prefilled "dir/" waits for a name too.
            OperationFormField? first = Spec.Fields.FirstOrDefault(f => f.Required && (Value(f.Name).Length == 0 || Value(f.Name).EndsWith('/')))
                ?? Spec.Fields.FirstOrDefault();
            if (first is not null && _inputs.TryGetValue(first.Name, out ElementReference input))
            {
                await input.FocusAsync();
            }
        }
    }

    private string Value(string name) => _values.TryGetValue(name, out string? value) ? value : "";

    private void SetText(string name, string? value)
    {
        _values[name] = value ?? "";
        Rebuild();
    }

    private void SetFlag(string name, bool value)
    {
        _values[name] = value ? OperationFormCatalog.True : "";
        Rebuild();
    }

    private void Rebuild() => _line = OperationFormCatalog.TryBuild(Spec, _values, out _error);

    private async Task SubmitAsync()
    {
        if (_line is not null && !Running)
        {
            await OnRun.InvokeAsync(_line);
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            await CloseAsync();
        }
    }

    private Task CloseAsync() => OnClose.InvokeAsync();
}
