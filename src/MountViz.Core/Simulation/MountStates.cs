using System.Collections.Immutable;
using MountViz.Core.Model;

namespace MountViz.Core.Simulation;

/// <summary>
/// Where every attached mount was and what type it had before the operation, its
/// <c>propagate_from</c> included (<see cref="DominatingGroups"/>: it changes without the mount's
/// own type changing when a member of its master chain comes or goes), kept on each mount
/// (<see cref="SimMount.Before"/>, so a prediction allocates no large map), and the diff against
/// the model afterwards in the shape of observed changes. Paths are computed only for mounts
/// that may have moved and for removed ones, so a prediction costs little beyond the mounts it
/// changes.
/// </summary>
internal sealed class MountStates
{
    private static int s_diffs;

    private readonly IReadOnlyList<SimMount> _attached;

    public MountStates(SimLab lab)
    {
        // AllMounts hands out a new list when the structure changes, never changes this one.
        IReadOnlyList<SimMount> attached = lab.AllMounts;
        _attached = attached;
        DominatingGroups.Compute(lab);
        foreach (SimMount m in attached)
        {
            m.Before = new MountState(m.Parent, m.Dentry, m.Group, m.Master, m.PropagateFrom, m.Unbindable, m.Namespace, m.OutsideParentId);
        }
    }

    /// <summary>The changes per namespace (namespaces without changes absent), in name order.</summary>
    public ImmutableDictionary<string, ImmutableArray<PredictedChange>> Diff(SimLab lab)
    {
        int diff = Interlocked.Increment(ref s_diffs);
        DominatingGroups.Compute(lab);
        foreach (SimMount m in lab.AllMounts)
        {
            m.SeenInDiff = diff;
        }

        // A mount never changes namespace: one that is attached nowhere now was removed from its own.
        var removed = new Dictionary<SimNamespace, List<SimMount>>();
        foreach (SimMount m in _attached)
        {
            if (m.SeenInDiff != diff)
            {
                SimNamespace ns = m.Before!.Namespace;
                if (!removed.TryGetValue(ns, out List<SimMount>? list))
                {
                    list = [];
                    removed[ns] = list;
                }

                list.Add(m);
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<PredictedChange>>(StringComparer.Ordinal);
        var mayMove = new HashSet<SimMount>();
        foreach (SimNamespace ns in lab.Namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var changes = ImmutableArray.CreateBuilder<PredictedChange>();
            foreach (SimMount m in removed.GetValueOrDefault(ns, []))
            {
                PredictedMount old = Old(m);
                changes.Add(new PredictedChange(MountChangeKind.Removed, old, old));
            }

            // Parents come before children, so an ancestor's possible move is known.
            foreach (SimMount m in ns.Mounts)
            {
                if (m.Before is not MountState state)
                {
                    changes.Add(new PredictedChange(MountChangeKind.Added, Now(m), null));
                    continue;
                }

                PredictedMount? current = null;
                PredictedMount? old = null;
                bool outsideParentChanged = state.OutsideParentId != m.OutsideParentId;
                if (state.Parent != m.Parent || state.Dentry != m.Dentry || outsideParentChanged || (m.Parent is not null && mayMove.Contains(m.Parent)))
                {
                    mayMove.Add(m);
                    current = Now(m);
                    old = Old(m);

                    // A view root whose parent outside the view changes (pivot_root's new root) moved, as MountDiff sees it.
                    if (old.MountPoint != current.MountPoint || old.ParentId != current.ParentId || outsideParentChanged)
                    {
                        changes.Add(new PredictedChange(MountChangeKind.Moved, current, old));
                    }
                }

                if (state.Group != m.Group || state.Master != m.Master || state.PropagateFrom != m.PropagateFrom || state.Unbindable != m.Unbindable)
                {
                    changes.Add(new PredictedChange(MountChangeKind.PropagationChanged, current ?? Now(m), old ?? Old(m)));
                    if (state.Master == m.Master && state.PropagateFrom != m.PropagateFrom)
                    {
                        ExplainPropagateFrom(lab, m, state.PropagateFrom);
                    }
                }
            }

            if (changes.Count > 0)
            {
                result[ns.Name] = changes.ToImmutable();
            }
        }

        return result.ToImmutable();
    }

    // The one change a user cannot see coming from the operation's own mounts: a slave whose
    // dominating group moved because a member of its master chain joined or left its namespace.
    private static void ExplainPropagateFrom(SimLab lab, SimMount m, SimGroup? was)
    {
        SimGroup master = m.Master!;
        string why = m.PropagateFrom is SimGroup from
            ? $"now shows propagate_from:{from.ToRef()}: its master {master.Label} has no member in namespace {m.Namespace.Name}, and {from.Label}, further up its master chain, is the first group that has one"
            : m.Namespace.Mounts.Any(n => n.Group == master)
                ? $"no longer shows propagate_from:{was!.ToRef()}: its master {master.Label} has a member in namespace {m.Namespace.Name} again"
                : $"no longer shows propagate_from:{was!.ToRef()}: no group up its master chain has a member in namespace {m.Namespace.Name} any more";
        lab.Explain(m.Namespace, m.Path, null, "R-STATE", $"{m.Where(lab.Current)} stays {m.TypeWords} but {why} (the kernel's get_dominating_id). Events still come from {master.Label}: propagate_from only names the nearest group of the chain that this namespace contains.");
    }

    private static PredictedMount Now(SimMount m) => new(
        m.Id,
        m.IsNew,
        m.Parent?.Id,
        m.Path,
        m.Root,
        m.Filesystem.FsType,
        m.Filesystem.Source,
        m.Filesystem.Major,
        m.Filesystem.Minor,
        m.Group?.ToRef(),
        m.Master?.ToRef(),
        m.Unbindable,
        m.PropagateFrom?.ToRef());

    private static PredictedMount Old(SimMount m)
    {
        MountState state = m.Before!;
        return new(
            m.Id,
            m.IsNew,
            state.Parent?.Id,
            OldPath(m),
            m.Root,
            m.Filesystem.FsType,
            m.Filesystem.Source,
            m.Filesystem.Major,
            m.Filesystem.Minor,
            state.Group?.ToRef(),
            state.Master?.ToRef(),
            state.Unbindable,
            state.PropagateFrom?.ToRef());
    }

    // As SimMount.Path, over the parents and dentries the mounts had before.
    private static string OldPath(SimMount m)
    {
        MountState state = m.Before!;
        state.Path ??= state.Parent is not SimMount parent
            ? state.Dentry
            : SimPath.Join(OldPath(parent), SimPath.Relative(state.Dentry, parent.Root) ?? "/");
        return state.Path;
    }
}
