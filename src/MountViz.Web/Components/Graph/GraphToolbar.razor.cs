using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MountViz.Core.Formatting;
using MountViz.Core.Model;

namespace MountViz.Web.Components.Graph;

/// <summary>
/// The tools above a <see cref="MountGraph"/>: search with keyboard selection of the matches,
/// zoom, fit, relayout, legend and files toggles, PNG/SVG export (made and saved in the
/// browser) and each namespace's mount table as Markdown (made here, copied or saved).
/// </summary>
public sealed partial class GraphToolbar : ComponentBase
{
    private IReadOnlyList<string> _matches = [];
    private string _search = "";
    private int _matchCount;
    private int _matchIndex = -1;
    private bool _markdownOpen;
    private string? _status;
    private bool _statusIsError;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The graph the tools act on.</summary>
    [Parameter, EditorRequired]
    public MountGraph? Graph { get; set; }

    /// <summary>The namespaces drawn, in graph order.</summary>
    [Parameter]
    public IReadOnlyList<GraphNamespace> Namespaces { get; set; } = [];

    /// <summary>The current table of a drawn namespace (for Markdown), or null.</summary>
    [Parameter]
    public Func<string, MountTable?> TableOf { get; set; } = _ => null;

    /// <summary>The legend is shown.</summary>
    [Parameter]
    public bool LegendShown { get; set; }

    /// <summary>Show or hide the legend.</summary>
    [Parameter]
    public EventCallback OnToggleLegend { get; set; }

    /// <summary>Offer the Files toggle (the dashboard's directory view).</summary>
    [Parameter]
    public bool ShowFilesToggle { get; set; }

    /// <summary>The directory view is shown.</summary>
    [Parameter]
    public bool FilesShown { get; set; }

    /// <summary>Show or hide the directory view.</summary>
    [Parameter]
    public EventCallback OnToggleFiles { get; set; }

    /// <summary>A match was selected from the keyboard (its node ID): select it as a click would.</summary>
    [Parameter]
    public EventCallback<string> OnSelectNode { get; set; }

    private bool HasGraph => Graph is not null && Namespaces.Count > 0;

    private string MatchText => _search.Trim().Length == 0
        ? ""
        : _matchCount == 0
            ? "no match"
            : _matchIndex >= 0 && _matches.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{_matchIndex + 1} of {_matchCount}")
                : string.Create(CultureInfo.InvariantCulture, $"{_matchCount} {(_matchCount == 1 ? "match" : "matches")}");

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        if (Namespaces.Count == 0)
        {
            _markdownOpen = false;
        }
    }

    private async Task OnSearchInputAsync(ChangeEventArgs e)
    {
        _search = e.Value as string ?? "";
        _matches = [];
        _matchIndex = -1;
        _matchCount = Graph is null ? 0 : await Graph.SearchAsync(_search);
    }

    private async Task OnSearchKeyAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "Enter":
                await StepAsync(e.ShiftKey ? -1 : 1);
                break;
            case "Escape" when _search.Length > 0:
                _search = "";
                _matches = [];
                _matchIndex = -1;
                _matchCount = Graph is null ? 0 : await Graph.SearchAsync("");
                break;
            default:
                break;
        }
    }

    /// <summary>Selects the next (1) or previous (-1) match, finding them first when needed.</summary>
    private async Task StepAsync(int direction)
    {
        if (Graph is null || _search.Trim().Length == 0)
        {
            return;
        }

        if (_matches.Count == 0)
        {
            _matches = await Graph.FindAsync(_search);
            _matchCount = _matches.Count;
            _matchIndex = -1;
        }

        if (_matches.Count == 0)
        {
            return;
        }

        _matchIndex = _matchIndex < 0
            ? (direction > 0 ? 0 : _matches.Count - 1)
            : (_matchIndex + direction + _matches.Count) % _matches.Count;
        await OnSelectNode.InvokeAsync(_matches[_matchIndex]);
    }

    private async Task ZoomAsync(double factor)
    {
        if (Graph is not null)
        {
            await Graph.ZoomAsync(factor);
        }
    }

    private async Task FitAsync()
    {
        if (Graph is not null)
        {
            await Graph.FitAsync();
        }
    }

    private async Task RelayoutAsync()
    {
        if (Graph is not null)
        {
            await Graph.LayoutAsync();
        }
    }

    private Task ExportPngAsync() => SaveAsync("mountviz-graph.png", g => g.DownloadPngAsync("mountviz-graph.png"), "a PNG at 3× screen resolution");

    private Task ExportSvgAsync() => SaveAsync("mountviz-graph.svg", g => g.DownloadSvgAsync("mountviz-graph.svg"), "an SVG");

    private async Task SaveAsync(string fileName, Func<MountGraph, Task> save, string what)
    {
        if (Graph is null)
        {
            return;
        }

        try
        {
            await save(Graph);
            Say($"Saved the graph as {what}: {fileName} (in the browser's downloads).");
        }
        catch (Exception e) when (e is JSException or InvalidOperationException)
        {
            Fail($"The graph could not be saved as {fileName}: {e.Message} Wait until the graph is drawn, then try again.");
        }
    }

    private void ToggleMarkdownMenu() => _markdownOpen = !_markdownOpen;

    private void OnMenuKey(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            _markdownOpen = false;
        }
    }

    private string? MarkdownOf(GraphNamespace ns)
    {
        MountTable? table = TableOf(ns.SourceId);
        if (table is null)
        {
            Fail($"{ns.Label} is no longer drawn, so there is no table to export. Tick it again under Sources.");
            return null;
        }

        return MountTableMarkdown.Render(table, ns.Label);
    }

    private async Task CopyMarkdownAsync(GraphNamespace ns)
    {
        if (MarkdownOf(ns) is not string markdown)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", markdown);
            Say($"Copied the mount table of {ns.Label} as Markdown.");
        }
        catch (JSException)
        {
            Fail("The browser refused the clipboard (it allows it only to a focused page). Use Download instead.");
        }
    }

    private async Task DownloadMarkdownAsync(GraphNamespace ns)
    {
        if (MarkdownOf(ns) is not string markdown || Graph is null)
        {
            return;
        }

        string fileName = $"mountviz-{FileNamePart(ns.SourceId)}.md";
        try
        {
            await Graph.DownloadTextAsync(fileName, "text/markdown", markdown);
            Say($"Saved the mount table of {ns.Label} as {fileName}.");
        }
        catch (Exception e) when (e is JSException or InvalidOperationException)
        {
            Fail($"{fileName} could not be saved: {e.Message}");
        }
    }

    /// <summary>A source ID as part of a file name: letters, digits, dots and dashes only.</summary>
    internal static string FileNamePart(string sourceId)
    {
        var builder = new StringBuilder(sourceId.Length);
        foreach (char c in sourceId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }

    private void Say(string text)
    {
        _status = text;
        _statusIsError = false;
    }

    private void Fail(string text)
    {
        _status = text;
        _statusIsError = true;
    }
}
