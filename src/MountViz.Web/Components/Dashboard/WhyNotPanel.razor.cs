using Microsoft.AspNetCore.Components;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Simulation;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// "Why not?" for the inspected mount (<see cref="WhyNot.Explain"/>): the user picks a namespace
/// and a path (prefilled with the same mount point) and learns whether a mount made on the
/// selected mount reaches it, through which peer groups and master links, or the first rule
/// that stops it and the smallest propagation change that would make it reach. The tables are
/// the ones the dashboard already holds: within a lab, the workspace tables of its namespaces
/// (lab paths, named by their lab names; a namespace of the lab that is not drawn is read from
/// the engine, so a chain through it is not missed); for a host namespace, the host namespaces
/// drawn (each with its own paths, named by their graph labels).
/// </summary>
public sealed partial class WhyNotPanel : ComponentBase
{
    /// <summary>How many fixes are listed (the smallest first).</summary>
    public const int MaxFixes = 3;

    private List<NamespaceTable> _choices = [];
    private string _noChoice = "";
    private (string? SourceId, int? MountId) _for;
    private string? _to;
    private string _toPath = "";
    private bool _asking;
    private WhyNotAnswer? _answer;
    private string? _askedName;
    private string? _askedPath;

    [Inject]
    private ILabEngine Engine { get; set; } = default!;

    /// <summary>The namespace of the selected mount.</summary>
    [Parameter, EditorRequired]
    public string SourceId { get; set; } = "";

    /// <summary>The selected mount: the mount event happens on it.</summary>
    [Parameter, EditorRequired]
    public MountInfo Mount { get; set; } = default!;

    /// <summary>Every namespace drawn, with its current table.</summary>
    [Parameter]
    public IReadOnlyList<NamespaceTable> Namespaces { get; set; } = [];

    private string FromPath => Mount.MountPoint;

    private string FromName => _choices.FirstOrDefault(n => n.SourceId == SourceId) is { } self ? Name(self) : SourceId;

    private bool InLab => LabSourceId.TryParse(SourceId, out _, out _);

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        _choices = [.. Comparable()];
        _noChoice = _choices.Count == 0
            ? "The selected mount's namespace is not drawn any more."
            : "";

        // Another mount selected: the question starts again, from its mount point.
        if (_for != (SourceId, Mount.Id))
        {
            _for = (SourceId, Mount.Id);
            _toPath = Mount.MountPoint;
            _answer = null;
            if (_to is null || _to == SourceId || !_choices.Exists(n => n.SourceId == _to))
            {
                _to = _choices.FirstOrDefault(n => n.SourceId != SourceId)?.SourceId ?? SourceId;
            }
        }
        else if (_to is not null && !_choices.Exists(n => n.SourceId == _to))
        {
            _to = SourceId;
        }
    }

    /// <summary>The namespaces a question can be asked about: the same lab's, or the host ones.</summary>
    private IEnumerable<NamespaceTable> Comparable()
    {
        bool fromLab = LabSourceId.TryParse(SourceId, out string? labId, out _);
        foreach (NamespaceTable ns in Namespaces)
        {
            bool lab = LabSourceId.TryParse(ns.SourceId, out string? otherLab, out _);
            if (fromLab ? lab && otherLab == labId : !lab)
            {
                yield return ns;
            }
        }
    }

    /// <summary>How the answer names a namespace: its lab name within a lab, its graph label otherwise.</summary>
    private static string Name(NamespaceTable ns) => LabSourceId.TryParse(ns.SourceId, out _, out string? name) ? name : ns.Label;

    private async Task AskAsync()
    {
        if (_asking || _to is null || _choices.Find(n => n.SourceId == _to) is not NamespaceTable target)
        {
            return;
        }

        NamespaceTable? origin = _choices.Find(n => n.SourceId == SourceId);
        if (origin is null)
        {
            return;
        }

        string toPath = _toPath.Trim();
        Dictionary<string, MountTable> tables = Tables();
        _asking = true;
        try
        {
            // Pure but not free (each candidate fix is simulated again): off the renderer.
            string fromName = Name(origin);
            string toName = Name(target);
            _answer = await Task.Run(() => WhyNot.Explain(tables, fromName, FromPath, toName, toPath));
            _askedName = toName;
            _askedPath = toPath;
        }
        finally
        {
            _asking = false;
        }
    }

    /// <summary>The tables the simulator looks at, by the names the answer uses.</summary>
    private Dictionary<string, MountTable> Tables()
    {
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        foreach (NamespaceTable ns in _choices)
        {
            tables[Name(ns)] = ns.Table;
        }

        // Peers and masters may sit in a namespace of the lab that is not drawn: read it, so the chain is complete.
        if (InLab && LabSourceId.TryParse(SourceId, out string? labId, out _) && Engine.FindLab(labId) is LabInfo lab)
        {
            foreach (LabNamespaceInfo ns in lab.Namespaces.Where(n => n.HolderAlive && !tables.ContainsKey(n.Name)))
            {
                try
                {
                    tables[ns.Name] = Engine.ReadMounts(lab.Id, ns.Name).Workspace;
                }
                catch (Exception e) when (e is LabException or KeyNotFoundException or IOException or InvalidOperationException)
                {
                    // Gone or unreadable: it only drops out of the possible chains.
                }
            }
        }

        return tables;
    }
}
