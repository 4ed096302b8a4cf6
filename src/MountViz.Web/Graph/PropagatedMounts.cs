using MountViz.Core.Mountinfo;

namespace MountViz.Web.Graph;

/// <summary>
/// Tells which added mounts arrived by propagation rather than by the call that caused them.
/// mountinfo does not say so; two facts do. A mount call makes one mount and the kernel then
/// copies it to every receiving place (propagate_mnt): the copies show the same device and bind
/// root. And the original takes its mount ID before any copy does (the IDs come from one
/// allocator that hands out the lowest free ID, with nothing freed in between), so within a set
/// of copies the lowest ID is the original. When the caller knows the namespace the operation
/// ran in, every addition elsewhere is propagated, and only copies in that namespace compete for
/// being the original. A burst that happened to make two unrelated mounts of one directory in one
/// batch is misread as a copy: the flag is a hint for the eye, not a fact to compute with.
/// </summary>
public static class PropagatedMounts
{
    /// <summary>The (source ID, mount ID) pairs among <paramref name="added"/> that are propagated copies.</summary>
    /// <param name="added">Every mount added in the batch, with the source it appeared in.</param>
    /// <param name="originSourceId">The namespace the operation ran in, when known.</param>
    public static HashSet<(string SourceId, int MountId)> Find(
        IReadOnlyList<(string SourceId, MountInfo Mount)> added, string? originSourceId)
    {
        ArgumentNullException.ThrowIfNull(added);
        var propagated = new HashSet<(string, int)>();
        foreach (var copies in added.GroupBy(a => (a.Mount.Major, a.Mount.Minor, a.Mount.Root)))
        {
            // The original: the lowest ID, among the origin namespace's copies when it is known.
            var candidates = originSourceId is null ? copies : copies.Where(c => c.SourceId == originSourceId);
            (string SourceId, MountInfo Mount)? original = candidates.Any() ? candidates.MinBy(c => c.Mount.Id) : null;
            foreach ((string sourceId, MountInfo mount) in copies)
            {
                bool isOriginal = original is { } o && o.SourceId == sourceId && ReferenceEquals(o.Mount, mount);
                if (!isOriginal)
                {
                    propagated.Add((sourceId, mount.Id));
                }
            }
        }

        return propagated;
    }
}
