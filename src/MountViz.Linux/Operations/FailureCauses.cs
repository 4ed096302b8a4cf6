using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;

namespace MountViz.Linux.Operations;

/// <summary>
/// Which precondition a refused mount operation failed, in the user's terms, found in the
/// namespace's mount table from just before the call (mount-propagation.md §2.4–2.8). Each
/// method answers for one errno the kernel returned and returns null when the table does not
/// explain it.
/// </summary>
internal static class FailureCauses
{
    /// <summary>bind or rbind: EINVAL when the source is (on) an unbindable mount.</summary>
    public static FailureCause? Bind(WorkContext work, string source, bool recursive, string errno)
    {
        if (errno != "EINVAL" || work.Tree.Containing(source) is not MountInfo mount || !mount.Unbindable)
        {
            return null;
        }

        string shown = work.Lab(source);
        string mountPoint = work.Lab(mount.MountPoint);
        string where = shown == mountPoint ? string.Empty : $" (it lies on the unbindable mount at {mountPoint})";
        return new FailureCause(
            recursive ? "the root of an rbind is not unbindable" : "the bind source is not unbindable",
            $"bind source {shown} is unbindable{where}; make it private or shared first",
            $"`mount --make-private {Q(mountPoint)}` (or --make-shared), then bind again.");
    }

    /// <summary>move: the source is not a mount, its parent is shared, file/directory mismatch, unbindable into shared (EINVAL), or the destination is inside it (ELOOP).</summary>
    public static FailureCause? Move(WorkContext work, string source, bool sourceIsDirectory, string target, bool targetIsDirectory, string errno)
    {
        MountTree tree = work.Tree;
        string shownSource = work.Lab(source);
        string shownTarget = work.Lab(target);
        MountInfo? moved = tree.TopAt(source);
        MountInfo? destination = tree.Containing(target);
        if (errno == "ELOOP" && moved is not null && destination is not null && tree.IsInSubtree(destination, moved))
        {
            return new FailureCause(
                "the destination is outside the mount being moved",
                $"{shownTarget} lies inside the mount being moved ({shownSource}); a mount cannot be moved into itself",
                $"Choose a destination outside {shownSource}.");
        }

        if (errno != "EINVAL")
        {
            return null;
        }

        if (moved is null)
        {
            return new FailureCause(
                "the source is a mount point (the root of a mount)",
                $"{shownSource} is not a mount point: no mount has its root there, so there is no mount to move",
                $"Move a mount point, or make {shownSource} one first: `mount --bind {Q(shownSource)} {Q(shownSource)}`.");
        }

        if (sourceIsDirectory != targetIsDirectory)
        {
            return new FailureCause(
                "a directory moves onto a directory, a file onto a file",
                $"{shownSource} is a {(sourceIsDirectory ? "directory" : "file")} but {shownTarget} is a {(targetIsDirectory ? "directory" : "file")}",
                "Choose a destination of the same kind.");
        }

        if (tree.Table.ParentOf(moved) is { Shared: int group } parent)
        {
            string parentPoint = work.Lab(parent.MountPoint);
            return new FailureCause(
                "the moved mount's parent is not shared",
                $"cannot move a mount whose parent is shared: {shownSource}'s parent mount (at {parentPoint}) is shared:{group}",
                $"`mount --make-private {Q(parentPoint)}` first (util-linux: moving a mount residing under a shared mount is unsupported).");
        }

        if (destination is { Shared: int destinationGroup } && tree.Subtree(moved).FirstOrDefault(m => m.Unbindable) is MountInfo unbindable)
        {
            return new FailureCause(
                "a tree moved under a shared mount contains no unbindable mount",
                $"the destination {shownTarget} is on a shared mount (shared:{destinationGroup}) and the moved tree contains the unbindable mount at {work.Lab(unbindable.MountPoint)}, which must not be copied to its peers",
                $"`mount --make-private {Q(work.Lab(unbindable.MountPoint))}` first, or move to a private destination.");
        }

        return null;
    }

    /// <summary>make-* or remount: EINVAL when the path is not the root of a mount.</summary>
    public static FailureCause? NotAMountPoint(WorkContext work, string target, string what, string errno)
    {
        if (errno != "EINVAL" || work.Tree.TopAt(target) is not null)
        {
            return null;
        }

        string shown = work.Lab(target);
        return new FailureCause(
            $"the target of {what} is a mount point (the root of a mount)",
            $"{shown} is not a mount point: {what} applies to a mount, and no mount has its root there",
            $"Name a mount point, or make {shown} one first: `mount --bind {Q(shown)} {Q(shown)}`.");
    }

    /// <summary>umount: EINVAL when nothing is mounted there; EBUSY when mounts are below it or it is in use.</summary>
    public static FailureCause? Unmount(WorkContext work, string target, MountInfo? top, bool lazy, string errno)
    {
        string shown = work.Lab(target);
        if (errno == "EINVAL" && top is null)
        {
            return new FailureCause(
                "the target is a mount point",
                $"{shown} is not mounted: no mount has its root there",
                "Name the mount point itself (the dashboard's mount table lists them).");
        }

        if (errno != "EBUSY" || top is null)
        {
            return null;
        }

        var children = work.Tree.Table.ChildrenOf(top);
        if (!lazy && children.Length > 0)
        {
            string list = string.Join(", ", children.Select(c => work.Lab(c.MountPoint)).Distinct().Take(5));
            return new FailureCause(
                "the mount has no mounts below it",
                $"{shown} has {children.Length} mount(s) below it ({list}{(children.Length > 5 ? ", ..." : "")}); a plain umount refuses a mount that others are attached to",
                $"`umount -R {Q(shown)}` unmounts them first, deepest first; `umount -l {Q(shown)}` detaches the whole tree at once.");
        }

        return new FailureCause(
            "the mount is not in use",
            $"{shown} is in use: a process has a file open or its working directory on it (or on one of its propagated copies in another namespace)",
            $"Close those files or leave that directory, or `umount -l {Q(shown)}` to detach it now and free it when it is no longer used.");
    }

    private static string Q(string path) => ShellQuote.Quote(path);
}
