using Microsoft.AspNetCore.Components;
using MountViz.Core.Labs;
using MountViz.Web.Components.Graph;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// Lists one lab path in each selected lab namespace through
/// <see cref="ILabOperations.ListFilesAsync"/>, again whenever <see cref="Version"/> changes
/// (the page bumps it after operations and mount changes), the namespaces change, or on Refresh.
/// </summary>
public sealed partial class DirectoryView : ComponentBase
{
    /// <summary>How deep a listing goes.</summary>
    public const int MaxDepth = 3;

    /// <summary>How many entries a listing holds at most.</summary>
    public const int MaxEntries = 300;

    private readonly Dictionary<string, Listing> _listings = new(StringComparer.Ordinal);
    private string _path = "/";
    private string _pathInput = "/";
    private string _shownKey = "";
    private int _loads;

    [Inject]
    private ILabOperations Operations { get; set; } = default!;

    /// <summary>The lab namespaces to list, in graph order.</summary>
    [Parameter]
    public IReadOnlyList<GraphNamespace> Namespaces { get; set; } = [];

    /// <summary>Bumped by the owner when what the namespaces see may have changed.</summary>
    [Parameter]
    public int Version { get; set; }

    /// <summary>The lab path listed now.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        string key = string.Join('\n', Namespaces.Select(n => n.SourceId)) + "\n#" + Version;
        if (key != _shownKey)
        {
            _shownKey = key;
            await LoadAsync();
        }
    }

    private async Task ShowAsync()
    {
        string path = _pathInput.Trim();
        _path = path.Length == 0 ? "/" : path.StartsWith('/') ? path : "/" + path;
        _pathInput = _path;
        _listings.Clear();
        await LoadAsync();
    }

    private Task RefreshAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        // A newer load (another operation, another path) supersedes this one's results.
        int load = ++_loads;
        GraphNamespace[] namespaces = [.. Namespaces];
        foreach (string gone in _listings.Keys.Except(namespaces.Select(n => n.SourceId)).ToList())
        {
            _listings.Remove(gone);
        }

        Listing[] results = await Task.WhenAll(namespaces.Select(ns => ListAsync(ns, _path)));
        if (load != _loads)
        {
            return;
        }

        for (int i = 0; i < namespaces.Length; i++)
        {
            _listings[namespaces[i].SourceId] = results[i];
        }
    }

    private async Task<Listing> ListAsync(GraphNamespace ns, string path)
    {
        if (!LabSourceId.TryParse(ns.SourceId, out string? labId, out string? name))
        {
            return new Listing(null, "Not a lab namespace: host namespaces are read-only and their files are not listed.");
        }

        try
        {
            return new Listing(await Operations.ListFilesAsync(labId, name, path, MaxDepth, MaxEntries), null);
        }
        catch (LabException e)
        {
            // A path that does not exist there, or a namespace that just ended: say which.
            return new Listing(null, e.Message);
        }
    }

    /// <summary>One namespace's listing, or why there is none.</summary>
    private sealed record Listing(FileTree? Tree, string? Error);
}
