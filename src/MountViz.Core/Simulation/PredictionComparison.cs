using System.Collections.Immutable;
using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Simulation;

/// <summary>
/// A prediction set beside what the kernel did: the same outcome (the same errno, or both
/// succeed) and, per namespace, the same changes up to the numbers the kernel picks. A new
/// mount's provisional ID and a symbolic new group ("new group 1") stand for whatever the kernel
/// chose, as long as the correspondence is one to one across the whole operation and a new group
/// is a fresh one (no group that existed before). Every difference is a finding.
/// </summary>
/// <param name="Matches">Whether the kernel did exactly what was predicted.</param>
/// <param name="Findings">One sentence per difference ("Predicted in namespace ns2 but not observed: /a/x added ..."); empty when it matches.</param>
/// <param name="Predicted">The predicted outcome and changes, normalised as compared, one line each (sorted).</param>
/// <param name="Observed">The observed outcome and changes, normalised the same way.</param>
public sealed record PredictionComparison(bool Matches, ImmutableArray<string> Findings, ImmutableArray<string> Predicted, ImmutableArray<string> Observed)
{
    /// <summary>How many placeholder assignments the search tries before it gives up (reported as a finding).</summary>
    public const int SearchBudget = 200_000;

    /// <summary>Compares, taking the groups that existed before from <paramref name="before"/>'s tables.</summary>
    /// <inheritdoc cref="Compare(Prediction, OperationResult, IReadOnlyDictionary{string, MountTable}, IReadOnlySet{int})"/>
    public static PredictionComparison Compare(Prediction prediction, OperationResult result, IReadOnlyDictionary<string, MountTable> before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Compare(prediction, result, before, GroupsIn(before.Values));
    }

    /// <summary>Compares a supported prediction with the result of running the operation.</summary>
    /// <param name="prediction">The simulator's prediction; it must be <see cref="Prediction.Supported"/>.</param>
    /// <param name="result">What the engine observed.</param>
    /// <param name="before">Each namespace's workspace table before the operation (the tables the prediction was made from).</param>
    /// <param name="existingGroups">Every group ID the lab's namespaces had before (whole tables, not only the workspace): an observed group outside this set is a new one.</param>
    /// <returns>Whether they match, and the findings.</returns>
    /// <exception cref="ArgumentException">The prediction is not supported: there is nothing to compare.</exception>
    public static PredictionComparison Compare(Prediction prediction, OperationResult result, IReadOnlyDictionary<string, MountTable> before, IReadOnlySet<int> existingGroups)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(existingGroups);
        if (!prediction.Supported)
        {
            throw new ArgumentException($"There is no prediction to compare ({prediction.Reason}).", nameof(prediction));
        }

        string predictedOutcome = prediction.Errno ?? "ok";
        string observedOutcome = result.Ok ? "ok" : result.Errno ?? "failed without an errno";
        List<ComparisonEntry> predicted = PredictedEntries(prediction);
        List<ComparisonEntry> observed = ObservedEntries(result, before, existingGroups);
        bool sameOutcome = predictedOutcome == observedOutcome;
        bool gaveUp = false;
        bool matches = sameOutcome && Correspond(predicted, observed, out gaveUp);
        var findings = ImmutableArray.CreateBuilder<string>();
        if (!matches)
        {
            if (!sameOutcome)
            {
                findings.Add($"Predicted {Outcome(predictedOutcome)}; the kernel {(result.Ok ? "did it" : "refused it with " + observedOutcome)}.");
            }

            Differences(predicted, observed, findings, gaveUp);
        }

        return new PredictionComparison(
            matches,
            findings.ToImmutable(),
            Lines(predictedOutcome, predicted),
            Lines(observedOutcome, observed));
    }

    /// <summary>Every group ID (shared, master or propagate_from) in <paramref name="tables"/>.</summary>
    public static HashSet<int> GroupsIn(IEnumerable<MountTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var groups = new HashSet<int>();
        foreach (MountTable table in tables)
        {
            foreach (MountInfo m in table.Mounts)
            {
                if (m.Shared is int s)
                {
                    groups.Add(s);
                }

                if (m.Master is int master)
                {
                    groups.Add(master);
                }

                if (m.PropagateFrom is int from)
                {
                    groups.Add(from);
                }
            }
        }

        return groups;
    }

    private static string Outcome(string outcome) => outcome == "ok" ? "that it succeeds" : "that the kernel refuses it with " + outcome;

    private static ImmutableArray<string> Lines(string outcome, List<ComparisonEntry> entries) =>
        [outcome, .. entries.Select(e => e.Render()).Order(StringComparer.Ordinal)];

    // Changes without a counterpart of the same shape on the other side; when every change has
    // one, the difference is in which new mounts and groups are the same.
    private static void Differences(List<ComparisonEntry> predicted, List<ComparisonEntry> observed, ImmutableArray<string>.Builder findings, bool gaveUp)
    {
        var unmatched = observed.ToList();
        var missing = new List<ComparisonEntry>();
        foreach (ComparisonEntry p in predicted)
        {
            int i = unmatched.FindIndex(o => o.Skeleton == p.Skeleton);
            if (i < 0)
            {
                missing.Add(p);
            }
            else
            {
                unmatched.RemoveAt(i);
            }
        }

        foreach (ComparisonEntry p in missing)
        {
            findings.Add($"Predicted in namespace {p.Namespace} but not observed: {p.Description}.");
        }

        foreach (ComparisonEntry o in unmatched)
        {
            findings.Add($"Observed in namespace {o.Namespace} but not predicted: {o.Description}.");
        }

        if (missing.Count == 0 && unmatched.Count == 0 && predicted.Count > 0)
        {
            findings.Add(gaveUp
                ? $"Every change has a counterpart, but the search for a consistent renaming of the new mounts and groups gave up after {SearchBudget} tries."
                : "Every change has a counterpart, but the new mounts and peer groups do not correspond one to one (the kernel put the new mounts in other groups, or attached them to other new mounts, than predicted).");
        }
    }

    private static List<ComparisonEntry> PredictedEntries(Prediction prediction)
    {
        var newIds = prediction.Changes.Values.SelectMany(l => l).Where(c => c.Kind == MountChangeKind.Added && c.Mount.IsNew).Select(c => c.Mount.Id).ToHashSet();
        var entries = new List<ComparisonEntry>();
        foreach ((string ns, ImmutableArray<PredictedChange> changes) in prediction.Changes)
        {
            foreach (PredictedChange change in changes)
            {
                var b = new ComparisonEntryBuilder(ns, change.Kind);
                PredictedMount m = change.Mount;
                b.Mount(m.IsNew && newIds.Contains(m.Id) ? null : m.Id, "p" + m.Id.ToString(CultureInfo.InvariantCulture));
                string description;
                switch (change.Kind)
                {
                    case MountChangeKind.Removed:
                        b.Text(m.MountPoint);
                        description = $"{m.MountPoint} removed";
                        break;
                    case MountChangeKind.Added:
                        PredictedParent(b, m.ParentId, newIds);
                        b.Text($"{m.MountPoint} root={m.Root} {m.FsType} {m.Source}");
                        PredictedTags(b, m.Shared, m.Master, m.PropagateFrom, m.Unbindable);
                        description = $"{m.MountPoint} added ({m.FsType} {m.Source}{(m.Root == "/" ? "" : ", root " + m.Root)}, {m.TagsText})";
                        break;
                    case MountChangeKind.Moved:
                        PredictedParent(b, m.ParentId, newIds);
                        b.Text($"{m.MountPoint} was {change.Before?.MountPoint}");
                        description = $"{m.MountPoint} moved there from {change.Before?.MountPoint}";
                        break;
                    default:
                        PredictedTags(b, m.Shared, m.Master, m.PropagateFrom, m.Unbindable);
                        b.Text("was");
                        PredictedTags(b, change.Before?.Shared, change.Before?.Master, change.Before?.PropagateFrom, change.Before?.Unbindable ?? false);
                        description = $"{m.MountPoint} becomes {m.TagsText} (was {change.Before?.TagsText})";
                        break;
                }

                entries.Add(b.Build(description));
            }
        }

        return entries;
    }

    private static void PredictedParent(ComparisonEntryBuilder b, int? parent, HashSet<int> newIds)
    {
        b.Text("on");
        if (parent is not int id)
        {
            b.Text("outside");
            return;
        }

        b.Mount(newIds.Contains(id) ? null : id, "p" + id.ToString(CultureInfo.InvariantCulture));
    }

    private static void PredictedTags(ComparisonEntryBuilder b, GroupRef? shared, GroupRef? master, GroupRef? propagateFrom, bool unbindable)
    {
        Tag(b, "shared", shared);
        Tag(b, "master", master);
        Tag(b, "propagate_from", propagateFrom);
        b.Text(unbindable ? "unbindable" : "bindable");

        static void Tag(ComparisonEntryBuilder b, string name, GroupRef? group)
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
    }

    private static List<ComparisonEntry> ObservedEntries(OperationResult result, IReadOnlyDictionary<string, MountTable> before, IReadOnlySet<int> existingGroups)
    {
        var added = result.Changes.Where(c => c.Change.Kind == MountChangeKind.Added).Select(c => c.Change.Mount.Id).ToHashSet();
        var entries = new List<ComparisonEntry>();
        foreach (NamespaceChange nc in result.Changes)
        {
            MountChange change = nc.Change;
            MountTable? table = before.GetValueOrDefault(nc.Namespace);
            var b = new ComparisonEntryBuilder(nc.Namespace, change.Kind);
            MountInfo m = change.Mount;
            b.Mount(change.Kind == MountChangeKind.Added ? null : m.Id, "o" + m.Id.ToString(CultureInfo.InvariantCulture));
            string description;
            switch (change.Kind)
            {
                case MountChangeKind.Removed:
                    b.Text(m.MountPoint);
                    description = $"{m.MountPoint} removed";
                    break;
                case MountChangeKind.Added:
                    ObservedParent(b, m.ParentId, added, table);
                    b.Text($"{m.MountPoint} root={m.Root} {m.FsType} {m.Source}");
                    ObservedTags(b, m, existingGroups);
                    description = $"{m.MountPoint} added ({m.FsType} {m.Source}{(m.Root == "/" ? "" : ", root " + m.Root)}, {TagsText(m)})";
                    break;
                case MountChangeKind.Moved:
                    ObservedParent(b, m.ParentId, added, table);
                    b.Text($"{m.MountPoint} was {change.Before?.MountPoint}");
                    description = $"{m.MountPoint} moved there from {change.Before?.MountPoint}";
                    break;
                case MountChangeKind.PropagationChanged:
                    ObservedTags(b, m, existingGroups);
                    b.Text("was");
                    ObservedTags(b, change.Before ?? m, existingGroups);
                    description = $"{m.MountPoint} becomes {TagsText(m)} (was {TagsText(change.Before ?? m)})";
                    break;
                default:
                    // Never predicted: a remount is not modelled, so an options change is always a finding.
                    b.Text($"{m.MountPoint} options {change.Before?.MountOptions} -> {m.MountOptions}");
                    description = $"{m.MountPoint} options changed from {change.Before?.MountOptions} to {m.MountOptions}";
                    break;
            }

            entries.Add(b.Build(description));
        }

        return entries;
    }

    private static string TagsText(MountInfo m)
    {
        string[] tags = [.. new[] { m.Shared is int s ? $"shared:{s}" : null, m.Master is int g ? $"master:{g}" : null, m.PropagateFrom is int from ? $"propagate_from:{from}" : null, m.Unbindable ? "unbindable" : null }.OfType<string>()];
        return tags.Length == 0 ? "private" : string.Join(' ', tags);
    }

    private static void ObservedParent(ComparisonEntryBuilder b, int parent, HashSet<int> added, MountTable? table)
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

    private static void ObservedTags(ComparisonEntryBuilder b, MountInfo m, IReadOnlySet<int> existingGroups)
    {
        Tag(b, "shared", m.Shared, existingGroups);
        Tag(b, "master", m.Master, existingGroups);
        Tag(b, "propagate_from", m.PropagateFrom, existingGroups);
        b.Text(m.Unbindable ? "unbindable" : "bindable");

        static void Tag(ComparisonEntryBuilder b, string name, int? group, IReadOnlySet<int> existingGroups)
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
    }

    /// <summary>Whether the observed entries are the predicted ones under one consistent renaming of the placeholders.</summary>
    private static bool Correspond(List<ComparisonEntry> predicted, List<ComparisonEntry> observed, out bool gaveUp)
    {
        gaveUp = false;
        if (predicted.Count != observed.Count)
        {
            return false;
        }

        List<ComparisonEntry> ordered = [.. predicted.OrderBy(e => e.Skeleton, StringComparer.Ordinal)];
        var used = new bool[observed.Count];
        var forward = new Dictionary<string, string>(StringComparer.Ordinal);
        var backward = new Dictionary<string, string>(StringComparer.Ordinal);
        int budget = SearchBudget;
        bool matched = Assign(0, ordered, observed, used, forward, backward, ref budget);
        gaveUp = !matched && budget < 0;
        return matched;
    }

    private static bool Assign(int index, List<ComparisonEntry> predicted, List<ComparisonEntry> observed, bool[] used, Dictionary<string, string> forward, Dictionary<string, string> backward, ref int budget)
    {
        if (index == predicted.Count)
        {
            return true;
        }

        ComparisonEntry p = predicted[index];
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
}
