using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Reads an operation's reported changes (<see cref="OperationResult.Changes"/>) the way the
/// reference checker reads its two snapshots: per namespace, by mount ID, a move and a
/// propagation change of one mount merged into one "changed" entry. A mount's parent
/// (<c>on</c>) is looked up in the table <em>after</em> the op, which is rebuilt from the table
/// before plus the reported changes only, so everything the evaluator sees comes from the
/// engine's report.
/// </summary>
public static class ReportedChanges
{
    /// <summary>
    /// The table after <paramref name="changes"/>: <paramref name="before"/> without the removed
    /// mounts, with the added ones, and with the part of a changed mount that each change's kind
    /// names (a move: mount point and parent; a propagation change: the optional fields; an
    /// options change: the options). Each change that does not fit <paramref name="before"/>,
    /// or claims a change that did not happen, is added to <paramref name="problems"/>.
    /// </summary>
    public static MountTable Apply(MountTable before, IEnumerable<MountChange> changes, string ns, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(problems);
        var mounts = before.Mounts.ToDictionary(m => m.Id);
        var order = before.Mounts.Select(m => m.Id).ToList();
        var removed = new HashSet<int>();
        foreach (MountChange change in changes)
        {
            MountInfo? old = mounts.GetValueOrDefault(change.Mount.Id);
            switch (change.Kind)
            {
                case MountChangeKind.Removed:
                    if (old is null || !old.Equals(change.Mount))
                    {
                        problems.Add($"{ns}: removal of #{change.Mount.Id} {change.Mount.MountPoint}, which was not in the table before");
                    }

                    mounts.Remove(change.Mount.Id);
                    order.Remove(change.Mount.Id);
                    removed.Add(change.Mount.Id);
                    break;
                case MountChangeKind.Added:
                    if (old is not null)
                    {
                        problems.Add($"{ns}: addition of #{change.Mount.Id} {change.Mount.MountPoint}, an ID that was in use before and not removed");
                    }

                    mounts[change.Mount.Id] = change.Mount;
                    order.Add(change.Mount.Id);
                    break;
                default:
                    if (old is null || removed.Contains(change.Mount.Id))
                    {
                        problems.Add($"{ns}: {change.KindName} of #{change.Mount.Id} {change.Mount.MountPoint}, which was not in the table before");
                        mounts[change.Mount.Id] = change.Mount;
                        break;
                    }

                    if (change.Before is not null && !before.Find(change.Mount.Id)!.Equals(change.Before))
                    {
                        problems.Add($"{ns}: {change.KindName} of #{change.Mount.Id} reports a 'before' state that is not the table before the op");
                    }

                    if (!MountDiff.SameMount(old, change.Mount))
                    {
                        problems.Add($"{ns}: {change.KindName} of #{change.Mount.Id} is another mount (device, root or source differ): a reused ID is a removal plus an addition");
                    }

                    // Each kind carries only its own part of the new state, so a part that
                    // changed but was not reported stays old here and the cross-check finds it.
                    MountInfo now = change.Mount;
                    MountInfo next = change.Kind switch
                    {
                        MountChangeKind.Moved => old with { MountPoint = now.MountPoint, ParentId = now.ParentId },
                        MountChangeKind.PropagationChanged => old with
                        {
                            OptionalFields = now.OptionalFields,
                            Shared = now.Shared,
                            Master = now.Master,
                            PropagateFrom = now.PropagateFrom,
                            Unbindable = now.Unbindable,
                        },
                        _ => old with { MountOptions = now.MountOptions, SuperOptions = now.SuperOptions },
                    };
                    if (next.Equals(old))
                    {
                        problems.Add($"{ns}: {change.KindName} of #{change.Mount.Id} {change.Mount.MountPoint} changes nothing of that kind");
                    }

                    mounts[change.Mount.Id] = next;
                    break;
            }
        }

        return MountTable.Build([.. order.Distinct().Where(mounts.ContainsKey).Select(id => mounts[id])], before.Diagnostics);
    }

    /// <summary>
    /// The observation of one op: its outcome and, per compared namespace (vector names), the
    /// mounts before and the reported changes in the vectors' three categories.
    /// </summary>
    /// <param name="result">The engine's result.</param>
    /// <param name="before">Each lab namespace's workspace table before the op (lab names); a namespace the op creates is absent.</param>
    /// <param name="workspaceSource">The workspace tmpfs's source, read as the reference's <c>lab-root</c>.</param>
    /// <param name="unobserved">Lab namespaces left out of the comparison (see <see cref="TranslatedVector.Unobserved"/>).</param>
    /// <param name="after">The rebuilt table after the op, per lab namespace (for the caller's cross-check against a fresh read).</param>
    /// <param name="problems">Changes that do not fit the table before (in observed namespaces).</param>
    public static VectorObservation Observe(
        OperationResult result,
        IReadOnlyDictionary<string, MountTable> before,
        string? workspaceSource,
        IReadOnlySet<string> unobserved,
        out IReadOnlyDictionary<string, MountTable> after,
        ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(unobserved);
        var byNamespace = result.Changes.GroupBy(c => c.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(c => c.Change).ToList(), StringComparer.Ordinal);
        var afterTables = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        var beforeMounts = new Dictionary<string, IReadOnlyList<ObservedMount>>(StringComparer.Ordinal);
        var diffs = new Dictionary<string, NamespaceDiff>(StringComparer.Ordinal);
        MountTable empty = MountTable.Build([], []);
        foreach (string ns in before.Keys.Union(byNamespace.Keys).Order(StringComparer.Ordinal))
        {
            MountTable old = before.GetValueOrDefault(ns) ?? empty;
            List<MountChange> changes = byNamespace.GetValueOrDefault(ns) ?? [];
            // An unobserved namespace's report is not checked: the reference cannot see it either.
            MountTable now = Apply(old, changes, ns, unobserved.Contains(ns) ? [] : problems);
            afterTables[ns] = now;
            if (unobserved.Contains(ns))
            {
                continue;
            }

            string name = VectorNamespaces.ToVector(ns);
            if (before.ContainsKey(ns))
            {
                beforeMounts[name] = [.. old.Mounts.Select(m => ObservedMount.From(m, old, workspaceSource))];
            }

            var added = new List<ObservedChange>();
            var removed = new List<ObservedChange>();
            var changed = new List<ObservedChange>();
            var changedIds = new List<int>();
            foreach (MountChange change in changes)
            {
                switch (change.Kind)
                {
                    case MountChangeKind.Added:
                        added.Add(new ObservedChange(ObservedMount.From(change.Mount, now, workspaceSource), null));
                        break;
                    case MountChangeKind.Removed:
                        removed.Add(new ObservedChange(ObservedMount.From(change.Mount, old, workspaceSource), null));
                        break;
                    default:
                        // A move and a propagation change of one mount are one "changed" entry.
                        if (!changedIds.Contains(change.Mount.Id) && now.Find(change.Mount.Id) is MountInfo current && old.Find(change.Mount.Id) is MountInfo previous)
                        {
                            changedIds.Add(change.Mount.Id);
                            changed.Add(new ObservedChange(ObservedMount.From(current, now, workspaceSource), ObservedMount.From(previous, old, workspaceSource)));
                        }

                        break;
                }
            }

            var diff = new NamespaceDiff(added, removed, changed);
            if (!diff.IsEmpty)
            {
                diffs[name] = diff;
            }
        }

        after = afterTables;
        return new VectorObservation(result.Ok, result.Errno, beforeMounts, diffs) { Message = result.Message };
    }

    /// <summary>
    /// Checks that each observed namespace's table before plus its reported changes
    /// (<paramref name="rebuilt"/>) is the table read after the op (<paramref name="after"/>,
    /// workspace views): a change the report left out would otherwise go unseen by strict
    /// matching. Each difference is added to <paramref name="problems"/>.
    /// </summary>
    public static void CrossCheck(
        IReadOnlyDictionary<string, MountTable> rebuilt,
        IReadOnlyDictionary<string, MountTable> after,
        IReadOnlySet<string> unobserved,
        ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unobserved);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (string ns in after.Keys.Union(rebuilt.Keys).Where(n => !unobserved.Contains(n)).Order(StringComparer.Ordinal))
        {
            if (!after.TryGetValue(ns, out MountTable? read))
            {
                problems.Add($"{ns}: the report has changes for a namespace that does not exist after the op");
                continue;
            }

            if (!rebuilt.TryGetValue(ns, out MountTable? table))
            {
                problems.Add($"{ns}: the namespace exists after the op but the report has nothing for it (a new namespace's mounts are all 'added')");
                continue;
            }

            var actual = read.Mounts.ToDictionary(m => m.Id);
            var reported = table.Mounts.ToDictionary(m => m.Id);
            foreach (MountInfo mount in read.Mounts.Where(m => !reported.TryGetValue(m.Id, out MountInfo? r) || !r.Equals(m)))
            {
                problems.Add($"{ns}: after the op the table has #{mount.Id} {mount.MountPoint} {mount.PropagationTags} (parent #{mount.ParentId}), which the table before plus the reported changes "
                    + (reported.TryGetValue(mount.Id, out MountInfo? other) ? $"shows as {other.MountPoint} {other.PropagationTags} (parent #{other.ParentId})" : "lacks"));
            }

            foreach (MountInfo mount in table.Mounts.Where(m => !actual.ContainsKey(m.Id)))
            {
                problems.Add($"{ns}: the table before plus the reported changes has #{mount.Id} {mount.MountPoint}, which is not there after the op");
            }
        }
    }

    /// <summary>Every group ID (<c>shared:</c>, <c>master:</c>) in these tables.</summary>
    public static IReadOnlySet<string> GroupsIn(IEnumerable<MountTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (MountInfo mount in tables.SelectMany(t => t.Mounts))
        {
            foreach (int? group in (ImmutableArray<int?>)[mount.Shared, mount.Master])
            {
                if (group is int id)
                {
                    groups.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return groups;
    }
}
