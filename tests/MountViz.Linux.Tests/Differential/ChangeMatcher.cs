using System.Collections.Immutable;
using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Simulation;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// Compares a prediction with what the kernel did: the same errno (or both succeed) and, per
/// namespace, the same changes up to the numbers the kernel picks: new mounts' IDs and new
/// groups' IDs must correspond one to one (a predicted "new group 1" is one observed group
/// throughout the op, and a fresh one: no group that existed before).
/// </summary>
internal static class ChangeMatcher
{
    /// <summary>How many placeholder assignments the search tries before it gives up (reported as a mismatch).</summary>
    private const int Budget = 200_000;

    /// <summary>Null when they agree, else what differs.</summary>
    /// <param name="prediction">The simulator's (supported) prediction.</param>
    /// <param name="result">The engine's result of running the op.</param>
    /// <param name="before">Each namespace's workspace table before the op.</param>
    /// <param name="existingGroups">Every group ID in the lab's namespaces (whole tables) before the op.</param>
    public static string? Compare(Prediction prediction, OperationResult result, IReadOnlyDictionary<string, MountTable> before, IReadOnlySet<int> existingGroups)
    {
        string predictedOutcome = prediction.Errno ?? "ok";
        string observedOutcome = result.Ok ? "ok" : result.Errno ?? "failed without errno: " + result.Message;
        List<ChangeEntry> predicted = Predicted(prediction);
        List<ChangeEntry> observed = Observed(result, before, existingGroups);
        bool gaveUp = false;
        if (predictedOutcome == observedOutcome && Matches(predicted, observed, out gaveUp))
        {
            return null;
        }

        return $"predicted {predictedOutcome}, kernel {observedOutcome} ({result.Message})\n"
            + (gaveUp ? $"  (the search for a consistent renaming of new mounts and groups gave up after {Budget} tries)\n" : "")
            + "  predicted changes:\n" + Lines(predicted)
            + "  observed changes:\n" + Lines(observed);
    }

    private static string Lines(List<ChangeEntry> entries) => entries.Count == 0
        ? "    (none)\n"
        : string.Concat(entries.Select(e => e.Render()).Order(StringComparer.Ordinal).Select(l => $"    {l}\n"));

    private static List<ChangeEntry> Predicted(Prediction prediction)
    {
        var newIds = prediction.Changes.Values.SelectMany(l => l).Where(c => c.Kind == MountChangeKind.Added && c.Mount.IsNew).Select(c => c.Mount.Id).ToHashSet();
        var entries = new List<ChangeEntry>();
        foreach ((string ns, ImmutableArray<PredictedChange> changes) in prediction.Changes)
        {
            foreach (PredictedChange change in changes)
            {
                var b = new EntryBuilder(ns, change.Kind);
                PredictedMount m = change.Mount;
                b.Mount(m.IsNew && newIds.Contains(m.Id) ? null : m.Id, "p" + m.Id.ToString(CultureInfo.InvariantCulture));
                switch (change.Kind)
                {
                    case MountChangeKind.Removed:
                        b.Text(m.MountPoint);
                        break;
                    case MountChangeKind.Added:
                        Parent(b, m.ParentId, newIds);
                        b.Text($"{m.MountPoint} root={m.Root} {m.FsType} {m.Source}");
                        Tags(b, m.Shared, m.Master, m.Unbindable);
                        break;
                    case MountChangeKind.Moved:
                        Parent(b, m.ParentId, newIds);
                        b.Text($"{m.MountPoint} was {change.Before?.MountPoint}");
                        break;
                    default:
                        Tags(b, m.Shared, m.Master, m.Unbindable);
                        b.Text("was");
                        Tags(b, change.Before?.Shared, change.Before?.Master, change.Before?.Unbindable ?? false);
                        break;
                }

                entries.Add(b.Build());
            }
        }

        return entries;
    }

    private static void Parent(EntryBuilder b, int? parent, HashSet<int> newIds)
    {
        b.Text("on");
        if (parent is not int id)
        {
            b.Text("outside");
            return;
        }

        b.Mount(newIds.Contains(id) ? null : id, "p" + id.ToString(CultureInfo.InvariantCulture));
    }

    private static void Tags(EntryBuilder b, GroupRef? shared, GroupRef? master, bool unbindable)
    {
        foreach ((string name, GroupRef? group) in (ImmutableArray<(string, GroupRef?)>)[("shared", shared), ("master", master)])
        {
            b.Text(name + ":");
            if (group is null)
            {
                b.Text("-");
            }
            else
            {
                b.Group(group.Id, "p" + group.NewIndex?.ToString(CultureInfo.InvariantCulture));
            }
        }

        b.Text(unbindable ? "unbindable" : "bindable");
    }

    private static List<ChangeEntry> Observed(OperationResult result, IReadOnlyDictionary<string, MountTable> before, IReadOnlySet<int> existingGroups)
    {
        var added = result.Changes.Where(c => c.Change.Kind == MountChangeKind.Added).Select(c => c.Change.Mount.Id).ToHashSet();
        var entries = new List<ChangeEntry>();
        foreach (NamespaceChange nc in result.Changes)
        {
            MountChange change = nc.Change;
            MountTable? table = before.GetValueOrDefault(nc.Namespace);
            var b = new EntryBuilder(nc.Namespace, change.Kind);
            MountInfo m = change.Mount;
            b.Mount(change.Kind == MountChangeKind.Added ? null : m.Id, "o" + m.Id.ToString(CultureInfo.InvariantCulture));
            switch (change.Kind)
            {
                case MountChangeKind.Removed:
                    b.Text(m.MountPoint);
                    break;
                case MountChangeKind.Added:
                    ObservedParent(b, m.ParentId, added, table);
                    b.Text($"{m.MountPoint} root={m.Root} {m.FsType} {m.Source}");
                    ObservedTags(b, m, existingGroups);
                    break;
                case MountChangeKind.Moved:
                    ObservedParent(b, m.ParentId, added, table);
                    b.Text($"{m.MountPoint} was {change.Before?.MountPoint}");
                    break;
                case MountChangeKind.PropagationChanged:
                    ObservedTags(b, m, existingGroups);
                    b.Text("was");
                    ObservedTags(b, change.Before ?? m, existingGroups);
                    break;
                default:
                    b.Text($"{m.MountPoint} options {change.Before?.MountOptions} -> {m.MountOptions}");
                    break;
            }

            entries.Add(b.Build());
        }

        return entries;
    }

    private static void ObservedParent(EntryBuilder b, int parent, HashSet<int> added, MountTable? table)
    {
        b.Text("on");
        if (added.Contains(parent))
        {
            b.Mount(null, "o" + parent.ToString(CultureInfo.InvariantCulture));
        }
        else if (table?.Find(parent) is not null)
        {
            b.Mount(parent, "");
        }
        else
        {
            b.Text("outside");
        }
    }

    private static void ObservedTags(EntryBuilder b, MountInfo m, IReadOnlySet<int> existingGroups)
    {
        foreach ((string name, int? group) in (ImmutableArray<(string, int?)>)[("shared", m.Shared), ("master", m.Master)])
        {
            b.Text(name + ":");
            if (group is not int id)
            {
                b.Text("-");
            }
            else
            {
                b.Group(existingGroups.Contains(id) ? id : null, "o" + id.ToString(CultureInfo.InvariantCulture));
            }
        }

        b.Text(m.Unbindable ? "unbindable" : "bindable");
    }

    /// <summary>Whether the observed entries are the predicted ones under one consistent renaming of the placeholders.</summary>
    private static bool Matches(List<ChangeEntry> predicted, List<ChangeEntry> observed, out bool gaveUp)
    {
        gaveUp = false;
        if (predicted.Count != observed.Count)
        {
            return false;
        }

        List<ChangeEntry> ordered = [.. predicted.OrderBy(e => e.Skeleton, StringComparer.Ordinal)];
        var used = new bool[observed.Count];
        var forward = new Dictionary<string, string>(StringComparer.Ordinal);
        var backward = new Dictionary<string, string>(StringComparer.Ordinal);
        int budget = Budget;
        bool matched = Assign(0, ordered, observed, used, forward, backward, ref budget);
        gaveUp = !matched && budget < 0;
        return matched;
    }

    private static bool Assign(int index, List<ChangeEntry> predicted, List<ChangeEntry> observed, bool[] used, Dictionary<string, string> forward, Dictionary<string, string> backward, ref int budget)
    {
        if (index == predicted.Count)
        {
            return true;
        }

        ChangeEntry p = predicted[index];
        for (int i = 0; i < observed.Count; i++)
        {
            if (used[i] || observed[i].Skeleton != p.Skeleton || --budget < 0)
            {
                continue;
            }

            var bound = new List<string>();
            bool consistent = true;
            for (int v = 0; v < p.Variables.Length && consistent; v++)
            {
                string from = p.Variables[v];
                string to = observed[i].Variables[v];
                if (forward.TryGetValue(from, out string? already))
                {
                    consistent = already == to;
                }
                else if (backward.ContainsKey(to))
                {
                    consistent = false;
                }
                else
                {
                    forward[from] = to;
                    backward[to] = from;
                    bound.Add(from);
                }
            }

            used[i] = true;
            if (consistent && Assign(index + 1, predicted, observed, used, forward, backward, ref budget))
            {
                return true;
            }

            used[i] = false;
            foreach (string from in bound)
            {
                backward.Remove(forward[from]);
                forward.Remove(from);
            }
        }

        return false;
    }

    /// <summary>Builds one entry's skeleton and placeholders.</summary>
    private sealed class EntryBuilder
    {
        private readonly System.Text.StringBuilder _skeleton = new();
        private readonly ImmutableArray<string>.Builder _variables = ImmutableArray.CreateBuilder<string>();

        public EntryBuilder(string ns, MountChangeKind kind) => _skeleton.Append(ns).Append(' ').Append(kind);

        public void Text(string text) => _skeleton.Append(' ').Append(text);

        /// <summary>A mount ID: fixed, or (null) a placeholder named <paramref name="name"/>.</summary>
        public void Mount(int? fixedId, string name) => Slot('M', fixedId, name);

        /// <summary>A group ID: fixed, or (null) a placeholder named <paramref name="name"/>.</summary>
        public void Group(int? fixedId, string name) => Slot('G', fixedId, name);

        public ChangeEntry Build() => new(_skeleton.ToString(), _variables.ToImmutable());

        private void Slot(char kind, int? fixedId, string name)
        {
            if (fixedId is int id)
            {
                _skeleton.Append(" #").Append(id.ToString(CultureInfo.InvariantCulture));
                return;
            }

            _skeleton.Append(" ?").Append(kind);
            _variables.Add($"{kind}:{name}");
        }
    }
}
