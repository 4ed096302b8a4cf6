using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Linux.Tests.Vectors;

namespace MountViz.Core.Tests.Simulation;

/// <summary>
/// A lab that exists only as tables: each step is predicted by the <see cref="Simulator"/> and
/// its prediction applied, so the vectors' setup is built by the simulator itself. Predicted
/// changes become <see cref="NamespaceChange"/>s the way the engine reports observed ones: new
/// groups get numbers no table uses, new mounts their provisional IDs, a new filesystem a fresh
/// device.
/// </summary>
internal sealed class SimulatedLab
{
    /// <summary>The workspace tmpfs's source: the reference's name, so no alias is needed.</summary>
    public const string WorkspaceSource = ObservedMount.WorkspaceSource;

    private readonly HashSet<string> _pivoted = new(StringComparer.Ordinal);
    private int _devices = 5000;
    private string? _pivoting;

    /// <summary>An empty lab: a private tmpfs lab-root at / in base.</summary>
    public SimulatedLab()
    {
        Tables = new Dictionary<string, MountTable>(StringComparer.Ordinal)
        {
            [LabInfo.BaseNamespace] = MountTable.Parse(Encoding.UTF8.GetBytes($"100 90 0:50 / / rw,relatime - tmpfs {WorkspaceSource} rw\n")),
        };
    }

    /// <summary>Each namespace's workspace table now.</summary>
    public Dictionary<string, MountTable> Tables { get; }

    /// <summary>Parses a command-language line run in <paramref name="ns"/> (cwd <c>/</c>).</summary>
    public static Operation Parse(string command)
    {
        CommandParseResult parsed = CommandParser.Parse(command, LabPath.Root);
        return parsed.Resolved ?? parsed.Operation
            ?? throw new InvalidOperationException($"`{command}` does not parse: {parsed.Error?.Render(command)}");
    }

    /// <summary>Predicts <paramref name="operation"/> in <paramref name="ns"/>, with the whole tables (<see cref="WholeTables"/>).</summary>
    public Prediction Predict(string ns, Operation operation)
    {
        _pivoting = operation is PivotRootOperation ? ns : null;
        return Simulator.Predict(Tables, ns, operation, WholeTables());
    }

    /// <summary>
    /// Each namespace's whole table, as a lab namespace has one: the workspace under
    /// <c>/ws</c> on a private root mount (ID 90, its parent hidden) outside it; a namespace that
    /// pivoted into its workspace is its workspace.
    /// </summary>
    public Dictionary<string, MountTable> WholeTables()
    {
        MountInfo outerRoot = MountTable.Parse("90 89 8:1 / / rw,relatime - ext4 /dev/root rw\n"u8).Mounts[0];
        var wholes = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        foreach ((string name, MountTable table) in Tables)
        {
            wholes[name] = _pivoted.Contains(name)
                ? table
                : MountTable.Build(
                    [outerRoot, .. table.Mounts.Select(m => m with
                    {
                        MountPoint = m.MountPoint == "/" ? "/ws" : "/ws" + m.MountPoint,
                        ParentId = m.ParentId == m.Id || table.Find(m.ParentId) is null ? outerRoot.Id : m.ParentId,
                    })],
                    []);
        }

        return wholes;
    }

    /// <summary>The prediction as an engine result: ok or the errno, and every namespace's changes.</summary>
    public OperationResult ToResult(Prediction prediction, string ns)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        int groupBase = ReportedChanges.GroupsIn(Tables.Values).Select(g => int.Parse(g, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        uint device = checked((uint)++_devices);
        var changes = ImmutableArray.CreateBuilder<NamespaceChange>();
        foreach ((string name, ImmutableArray<PredictedChange> list) in prediction.Changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            MountTable? table = Tables.GetValueOrDefault(name);
            foreach (PredictedChange change in list)
            {
                MountInfo? old = change.Mount.IsNew ? null : table?.Find(change.Mount.Id);
                MountInfo now = ToInfo(change.Mount, old, groupBase, device);
                changes.Add(new NamespaceChange(name, change.Kind == MountChangeKind.Removed
                    ? new MountChange(MountChangeKind.Removed, old ?? now, old ?? now)
                    : new MountChange(change.Kind, now, old)));
            }
        }

        return new OperationResult(prediction.Succeeds, prediction.Errno, prediction.Reason ?? "predicted", "", "", changes.ToImmutable()) { Namespace = ns };
    }

    /// <summary>Applies a successful prediction to the tables.</summary>
    public void Apply(Prediction prediction, string ns)
    {
        OperationResult result = ToResult(prediction, ns);
        var problems = new List<string>();
        foreach (IGrouping<string, NamespaceChange> group in result.Changes.GroupBy(c => c.Namespace, StringComparer.Ordinal).ToList())
        {
            MountTable before = Tables.GetValueOrDefault(group.Key) ?? MountTable.Build([], []);
            Tables[group.Key] = ReportedChanges.Apply(before, group.Select(c => c.Change), group.Key, problems);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The prediction does not fit the tables: " + string.Join("; ", problems));
        }

        // After a pivot_root the namespace's root is in its view: its whole table is the view.
        if (_pivoting == ns && prediction.Succeeds)
        {
            _pivoted.Add(ns);
        }
    }

    private static MountInfo ToInfo(PredictedMount mount, MountInfo? old, int groupBase, uint device)
    {
        int? shared = Number(mount.Shared, groupBase);
        int? master = Number(mount.Master, groupBase);
        int? from = Number(mount.PropagateFrom, groupBase);
        ImmutableArray<string> fields = [.. new[]
        {
            shared is int s ? $"shared:{s}" : null,
            master is int m ? $"master:{m}" : null,
            from is int f ? $"propagate_from:{f}" : null,
            mount.Unbindable ? "unbindable" : null,
        }.OfType<string>()];
        if (old is not null)
        {
            return old with
            {
                MountPoint = mount.MountPoint,
                ParentId = mount.ParentId ?? old.ParentId,
                OptionalFields = fields,
                Shared = shared,
                Master = master,
                PropagateFrom = from,
                Unbindable = mount.Unbindable,
            };
        }

        return new MountInfo
        {
            Id = mount.Id,
            ParentId = mount.ParentId ?? mount.Id,
            Major = mount.Major ?? 0,
            Minor = mount.Minor ?? device,
            Root = mount.Root,
            MountPoint = mount.MountPoint,
            MountOptions = "rw,relatime",
            OptionalFields = fields,
            FsType = mount.FsType,
            Source = mount.Source,
            SuperOptions = "rw",
            Shared = shared,
            Master = master,
            PropagateFrom = from,
            Unbindable = mount.Unbindable,
        };
    }

    private static int? Number(GroupRef? group, int groupBase) => group switch
    {
        null => null,
        { Id: int id } => id,
        { NewIndex: int index } => groupBase + index,
        _ => throw new InvalidOperationException("A group with neither ID nor index."),
    };
}
