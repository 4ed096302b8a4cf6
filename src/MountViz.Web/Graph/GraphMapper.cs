using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Web.Graph;

/// <summary>
/// Turns mount tables and change batches of the namespaces one graph shows into the DTOs its JS
/// module applies. Pure (no I/O, no JS) but stateful: one per graph. It keeps each namespace's
/// table, because a change elsewhere can hide or uncover a mount that did not change itself, and
/// the group colours, which must not move while the graph lives.
/// </summary>
public sealed class GraphMapper
{
    /// <summary>How many expected additions are kept at most (<see cref="ExpectOperation"/>); the oldest go first.</summary>
    internal const int MaxExpected = 1024;

    private readonly Dictionary<string, NamespaceState> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string SourceId, int MountId), ExpectedAddition> _expected = [];
    private long _operations;

    /// <summary>The colours handed out so far (the legend).</summary>
    public PeerGroupPalette Palette { get; } = new();

    /// <summary>The source IDs loaded, in load order.</summary>
    public IEnumerable<string> SourceIds => _namespaces.Keys;

    /// <summary>The current table of a loaded namespace, or null.</summary>
    public MountTable? TableOf(string sourceId) => _namespaces.TryGetValue(sourceId, out NamespaceState? state) ? state.Table : null;

    /// <summary>
    /// Draws a namespace from a snapshot (the first one, or after a resubscription): the module
    /// replaces whatever it showed for it and lays it out anew.
    /// </summary>
    public GraphBatchDto Load(string sourceId, string label, MountTable table)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(table);
        _namespaces[sourceId] = new NamespaceState(table);

        // The snapshot already holds whatever the expected additions were going to bring.
        ForgetExpected(sourceId);

        // Ascending group IDs: the same snapshot gets the same colours, whatever its file order.
        foreach (int group in GroupsOf(table.Mounts).Order())
        {
            Palette.ColorOf(group);
        }

        GraphMountDto[] mounts = [.. table.Mounts.Select(m => ToNode(sourceId, m, table, propagated: false))];
        return new GraphBatchDto(
            [new GraphNamespaceDto(GraphIds.Namespace(sourceId), sourceId, label, mounts)],
            [],
            [],
            Legend(table.Mounts));
    }

    /// <summary>Stops drawing a namespace.</summary>
    public GraphBatchDto Remove(string sourceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ForgetExpected(sourceId);
        return _namespaces.Remove(sourceId)
            ? new GraphBatchDto([], [GraphIds.Namespace(sourceId)], [], [])
            : new GraphBatchDto([], [], [], []);
    }

    /// <summary>
    /// Takes note of what an operation's result says it added in each namespace, and where it ran,
    /// for the feeds' batches that bring those mounts: they come per namespace, before or after the
    /// result, so a feed's batch alone cannot tell the operation's own mount from a copy the
    /// kernel propagated into its namespace. When a batch brings a noted mount (same ID, device and
    /// bind root), it is marked as the result says: every addition outside
    /// <paramref name="originSourceId"/> is propagated, and within it every copy but the original
    /// (<see cref="PropagatedMounts"/>). Namespaces not loaded are skipped.
    /// </summary>
    /// <param name="originSourceId">The namespace the operation ran in.</param>
    /// <param name="changes">The result's changes, per namespace (source IDs as loaded).</param>
    public void ExpectOperation(string originSourceId, IReadOnlyList<NamespaceChanges> changes)
    {
        ArgumentException.ThrowIfNullOrEmpty(originSourceId);
        ArgumentNullException.ThrowIfNull(changes);
        var added = new List<(string SourceId, MountInfo Mount)>();
        foreach (NamespaceChanges batch in changes.Where(b => _namespaces.ContainsKey(b.SourceId)))
        {
            added.AddRange(batch.Changes.Where(c => c.Kind == MountChangeKind.Added).Select(c => (batch.SourceId, c.Mount)));
        }

        HashSet<(string SourceId, int MountId)> propagated = PropagatedMounts.Find(added, originSourceId);
        long operation = ++_operations;
        foreach ((string sourceId, MountInfo mount) in added)
        {
            _expected[(sourceId, mount.Id)] = new ExpectedAddition(mount.Major, mount.Minor, mount.Root, propagated.Contains((sourceId, mount.Id)), operation);
        }

        // Bounded: mounts whose batch never came (added and removed between two reads) must not pile up.
        if (_expected.Count > MaxExpected)
        {
            foreach (var stale in _expected.OrderBy(e => e.Value.Operation).Take(_expected.Count - MaxExpected).ToList())
            {
                _expected.Remove(stale.Key);
            }
        }
    }

    /// <summary>Applies one namespace's batch (a feed's change batch).</summary>
    public GraphBatchDto Apply(string sourceId, ImmutableArray<MountChange> changes) =>
        Apply([new NamespaceChanges(sourceId, changes)], originSourceId: null);

    /// <summary>
    /// Applies changes of several namespaces that one event caused (an operation's result), so
    /// copies across namespaces are recognised as propagated.
    /// </summary>
    /// <param name="batches">Each namespace's changes; namespaces not loaded are an error.</param>
    /// <param name="originSourceId">The namespace the operation ran in, when known: additions elsewhere are propagated.</param>
    /// <exception cref="InvalidOperationException">A namespace was not loaded first.</exception>
    public GraphBatchDto Apply(IReadOnlyList<NamespaceChanges> batches, string? originSourceId)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (NamespaceChanges batch in batches)
        {
            if (!_namespaces.ContainsKey(batch.SourceId))
            {
                throw new InvalidOperationException(
                    $"The graph got changes for namespace '{batch.SourceId}', which it does not show. Load its snapshot first (GraphMapper.Load), then apply the changes that follow it.");
            }
        }

        var added = new List<(string SourceId, MountInfo Mount)>();
        foreach (NamespaceChanges batch in batches)
        {
            added.AddRange(batch.Changes.Where(c => c.Kind == MountChangeKind.Added).Select(c => (batch.SourceId, c.Mount)));
        }

        HashSet<(string SourceId, int MountId)> propagated = PropagatedMounts.Find(added, originSourceId);
        foreach ((string sourceId, MountInfo mount) in added)
        {
            // An operation's result, when it said so, knows better than the batch at hand.
            (string, int) key = (sourceId, mount.Id);
            if (_expected.Remove(key, out ExpectedAddition? expected) && expected.Matches(mount))
            {
                if (expected.Propagated)
                {
                    propagated.Add(key);
                }
                else
                {
                    propagated.Remove(key);
                }
            }
        }

        var removals = new List<GraphChangeDto>();
        var others = new List<GraphChangeDto>();
        var mentioned = new List<MountInfo>();
        foreach (NamespaceChanges batch in batches)
        {
            NamespaceState state = _namespaces[batch.SourceId];
            MountTable before = state.Table;
            MountTable after = state.Apply(batch.Changes);
            MapNamespace(batch.SourceId, before, after, batch.Changes, propagated, removals, others, mentioned);
        }

        return new GraphBatchDto([], [], [.. removals, .. others], Legend(mentioned));
    }

    private static void MapNamespace(
        string sourceId,
        MountTable before,
        MountTable after,
        ImmutableArray<MountChange> changes,
        HashSet<(string SourceId, int MountId)> propagated,
        List<GraphChangeDto> removals,
        List<GraphChangeDto> others,
        List<MountInfo> mentioned)
    {
        // A mount can change in several ways at once (moved and remounted): one node patch.
        var aspects = new Dictionary<int, List<string>>();
        var touched = new HashSet<int>();
        foreach (MountChange change in changes)
        {
            mentioned.Add(change.Mount);
            switch (change.Kind)
            {
                case MountChangeKind.Removed:
                    removals.Add(new GraphChangeDto("removed", ToNode(sourceId, change.Mount, before, propagated: false), []));
                    break;
                case MountChangeKind.Added:
                    touched.Add(change.Mount.Id);
                    break;
                default:
                    touched.Add(change.Mount.Id);
                    if (!aspects.TryGetValue(change.Mount.Id, out List<string>? list))
                    {
                        aspects[change.Mount.Id] = list = [];
                    }

                    list.Add(change.KindName);
                    break;
            }
        }

        foreach (MountInfo mount in after.Mounts)
        {
            if (touched.Contains(mount.Id))
            {
                bool isNew = !aspects.TryGetValue(mount.Id, out List<string>? list);
                GraphMountDto node = ToNode(sourceId, mount, after, isNew && propagated.Contains((sourceId, mount.Id)));
                others.Add(isNew ? new GraphChangeDto("added", node, []) : new GraphChangeDto("changed", node, list!));
            }
            else if (before.Find(mount.Id) is { } old && MountDiff.SameMount(old, mount) && before.IsHidden(old) != after.IsHidden(mount))
            {
                // Over-mounted or uncovered by a change elsewhere: restyle without a flash.
                others.Add(new GraphChangeDto("refreshed", ToNode(sourceId, mount, after, propagated: false), []));
            }
        }
    }

    private IReadOnlyList<GraphPeerGroupDto> Legend(IEnumerable<MountInfo> mounts) =>
        [.. GroupsOf(mounts).Order().Select(Palette.Describe)];

    private static HashSet<int> GroupsOf(IEnumerable<MountInfo> mounts)
    {
        var groups = new HashSet<int>();
        foreach (MountInfo mount in mounts)
        {
            AddIfSet(groups, mount.Shared);
            AddIfSet(groups, mount.Master);
            AddIfSet(groups, mount.PropagateFrom);
        }

        return groups;
    }

    private static void AddIfSet(HashSet<int> groups, int? group)
    {
        if (group is int value)
        {
            groups.Add(value);
        }
    }

    /// <summary>Maps one mount of <paramref name="table"/> (its parent and hidden-ness come from the table).</summary>
    internal static GraphMountDto ToNode(string sourceId, MountInfo mount, MountTable table, bool propagated)
    {
        string fsType = MountText.ToDisplay(mount.FsType);
        string source = MountText.ToDisplay(mount.Source);
        string? root = mount.Root == "/" ? null : MountText.ToDisplay(mount.Root);
        string detail = source.Length == 0 || source == fsType ? fsType : $"{fsType} · {source}";
        if (root is not null)
        {
            detail += $" [{root}]";
        }

        return new GraphMountDto(
            GraphIds.Mount(sourceId, mount.Id),
            GraphIds.Namespace(sourceId),
            mount.Id,
            table.ParentOf(mount) is { } parent ? GraphIds.Mount(sourceId, parent.Id) : null,
            MountText.ToDisplay(mount.MountPoint),
            detail,
            fsType,
            source,
            root,
            MountText.ToDisplay(mount.MountOptions),
            mount.Propagation.ToWords(),
            mount.Shared,
            mount.Master,
            mount.PropagateFrom,
            mount.Unbindable,
            table.IsHidden(mount),
            propagated,
            MountInfoFormatter.FormatDisplayLine(mount));
    }

    private void ForgetExpected(string sourceId)
    {
        foreach ((string SourceId, int MountId) key in _expected.Keys.Where(k => k.SourceId == sourceId).ToList())
        {
            _expected.Remove(key);
        }
    }

    /// <summary>A mount an operation's result said it added: recognised by device and bind root (its ID may be reused later).</summary>
    private sealed record ExpectedAddition(uint Major, uint Minor, string Root, bool Propagated, long Operation)
    {
        public bool Matches(MountInfo mount) => mount.Major == Major && mount.Minor == Minor && mount.Root == Root;
    }

    /// <summary>One namespace's mounts in mountinfo order (new mounts go last, as the kernel lists them).</summary>
    private sealed class NamespaceState(MountTable table)
    {
        public MountTable Table { get; private set; } = table;

        public MountTable Apply(ImmutableArray<MountChange> changes)
        {
            List<MountInfo> mounts = [.. Table.Mounts];
            foreach (MountChange change in changes)
            {
                int index = mounts.FindIndex(m => m.Id == change.Mount.Id);
                switch (change.Kind)
                {
                    case MountChangeKind.Removed:
                        if (index >= 0)
                        {
                            mounts.RemoveAt(index);
                        }

                        break;
                    case MountChangeKind.Added:
                        mounts.Add(change.Mount);
                        break;
                    case MountChangeKind.Moved or MountChangeKind.PropagationChanged or MountChangeKind.OptionsChanged when index >= 0:
                        mounts[index] = change.Mount;
                        break;
                    default:
                        // A change for a mount this state never saw: the feed's order guarantees it
                        // does not happen; adding it keeps the graph closer to the kernel than dropping it.
                        mounts.Add(change.Mount);
                        break;
                }
            }

            Table = MountTable.Build([.. mounts]);
            return Table;
        }
    }
}
