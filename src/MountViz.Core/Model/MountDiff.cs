using System.Collections.Immutable;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Model;

/// <summary>
/// Compares two snapshots of one namespace by mount ID. The kernel reuses IDs at once, so an ID
/// whose device, root or filesystem changed is a removal plus an addition, not a move.
/// </summary>
public static class MountDiff
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/>: removals (in the old
    /// order), then additions, moves, propagation and option changes (in the new order).
    /// </summary>
    public static ImmutableArray<MountChange> Compare(MountTable before, MountTable after)
    {
        var changes = ImmutableArray.CreateBuilder<MountChange>();
        foreach (MountInfo old in before.Mounts)
        {
            MountInfo? now = after.Find(old.Id);
            if (now is null || !SameMount(old, now))
            {
                changes.Add(new MountChange(MountChangeKind.Removed, old, old));
            }
        }

        foreach (MountInfo now in after.Mounts)
        {
            MountInfo? old = before.Find(now.Id);
            if (old is null || !SameMount(old, now))
            {
                changes.Add(new MountChange(MountChangeKind.Added, now, null));
                continue;
            }

            if (old.MountPoint != now.MountPoint || old.ParentId != now.ParentId)
            {
                changes.Add(new MountChange(MountChangeKind.Moved, now, old));
            }

            if (!SamePropagation(old, now))
            {
                changes.Add(new MountChange(MountChangeKind.PropagationChanged, now, old));
            }

            if (old.MountOptions != now.MountOptions || old.SuperOptions != now.SuperOptions)
            {
                changes.Add(new MountChange(MountChangeKind.OptionsChanged, now, old));
            }
        }

        return changes.ToImmutable();
    }

    /// <summary>Whether two lines with one ID describe the same mount (not a reused ID).</summary>
    public static bool SameMount(MountInfo old, MountInfo now) =>
        old.Id == now.Id
        && old.Major == now.Major && old.Minor == now.Minor
        && old.Root == now.Root
        && old.FsType == now.FsType
        && old.Source == now.Source;

    private static bool SamePropagation(MountInfo old, MountInfo now) =>
        old.Shared == now.Shared && old.Master == now.Master
        && old.PropagateFrom == now.PropagateFrom && old.Unbindable == now.Unbindable
        && old.OptionalFields.AsSpan().SequenceEqual(now.OptionalFields.AsSpan());
}
