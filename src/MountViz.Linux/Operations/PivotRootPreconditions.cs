using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;

namespace MountViz.Linux.Operations;

/// <summary>
/// pivot_root(2)'s preconditions, checked one by one from the namespace's mount table before
/// the call, so a refusal names the one that failed: the five of the article (new_root and
/// put_old are directories; neither is the current root; put_old is at or under new_root;
/// new_root is a mount point but not <c>/</c>; the current root is a mount point) and the
/// shared-mount rules of mount-propagation.md §2.9. Violations come in the order the kernel
/// checks them (fs/namespace.c), each with the errno it returns for it.
/// </summary>
internal static class PivotRootPreconditions
{
    /// <summary>Precondition 1.</summary>
    public const string Directories = "new_root and put_old are directories";

    /// <summary>Precondition 2.</summary>
    public const string NotCurrentRoot = "neither new_root nor put_old is the current root";

    /// <summary>Precondition 3.</summary>
    public const string PutOldUnderNewRoot = "put_old is at or under new_root";

    /// <summary>Precondition 4.</summary>
    public const string NewRootIsMountPoint = "new_root is a mount point but not /";

    /// <summary>Precondition 5.</summary>
    public const string RootIsMountPoint = "the current root is a mount point";

    /// <summary>The shared-mount rule (§2.9).</summary>
    public const string NothingShared = "neither put_old's mount, nor new_root's parent mount, nor the current root's parent mount is shared";

    /// <summary>One failed precondition and the errno the kernel gives for it.</summary>
    public sealed record Violation(string Errno, FailureCause Cause);

    /// <summary>
    /// Every violated precondition, in the kernel's order. Paths are the namespace's own (as in
    /// <paramref name="tree"/>); <paramref name="display"/> turns one into the user's lab path.
    /// </summary>
    public static List<Violation> Check(
        MountTree tree, string newRoot, bool newRootIsDirectory, string putOld, bool putOldIsDirectory, Func<string, string> display)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(display);
        string shownNew = display(newRoot);
        string shownOld = display(putOld);
        string fixRoot = $"mount --bind {ShellQuote.Quote(shownNew)} {ShellQuote.Quote(shownNew)}";
        var violations = new List<Violation>();

        // Path lookup with LOOKUP_DIRECTORY comes first.
        if (!newRootIsDirectory)
        {
            violations.Add(new("ENOTDIR", new(Directories, $"new_root {shownNew} is not a directory.", "Name a directory as new_root.")));
        }

        if (!putOldIsDirectory)
        {
            violations.Add(new("ENOTDIR", new(Directories, $"put_old {shownOld} is not a directory.", $"Create a directory under new_root for it: `mkdir -p {ShellQuote.Quote(shownOld)}`.")));
        }

        MountInfo? root = tree.Root;
        MountInfo? newMount = tree.Containing(newRoot);
        MountInfo? oldMount = tree.Containing(putOld);

        // Then the shared-mount rules, all EINVAL.
        if (oldMount is { Shared: int oldGroup })
        {
            violations.Add(new("EINVAL", new(
                NothingShared,
                $"put_old {shownOld} is on the mount at {display(oldMount.MountPoint)}, which is shared (shared:{oldGroup}); pivot_root refuses a put_old on a shared mount.",
                $"Make it private first: `mount --make-private {ShellQuote.Quote(display(oldMount.MountPoint))}` (or `mount --make-rprivate /` for the whole lab).")));
        }

        if (newMount is not null && tree.Table.ParentOf(newMount) is { Shared: int parentGroup } newParent)
        {
            violations.Add(new("EINVAL", new(
                NothingShared,
                $"new_root {shownNew}'s parent mount (at {display(newParent.MountPoint)}) is shared (shared:{parentGroup}); pivot_root refuses a new_root whose parent is shared.",
                $"Make it private first: `mount --make-private {ShellQuote.Quote(display(newParent.MountPoint))}` (or `mount --make-rprivate /`).")));
        }

        if (root is not null && tree.Table.ParentOf(root) is { Shared: int rootParentGroup } rootParent)
        {
            violations.Add(new("EINVAL", new(
                NothingShared,
                $"The current root's parent mount (at {display(rootParent.MountPoint)}) is shared (shared:{rootParentGroup}).",
                "Make the current root's parent mount private first.")));
        }

        // new_mnt == root_mnt and old_mnt == root_mnt: EBUSY.
        if (root is not null && newMount is not null && newMount.Id == root.Id)
        {
            violations.Add(newRoot == "/"
                ? new("EBUSY", new(NotCurrentRoot, $"new_root {shownNew} is the current root.", "Name another directory, a mount point inside the current root."))
                : new("EBUSY", new(NewRootIsMountPoint, $"new_root {shownNew} is not a mount point: it lies on the current root's own mount.", $"Bind it onto itself first: `{fixRoot}`.")));
        }

        if (root is not null && oldMount is not null && oldMount.Id == root.Id)
        {
            violations.Add(putOld == "/"
                ? new("EBUSY", new(NotCurrentRoot, $"put_old {shownOld} is the current root.", "Name a directory under new_root as put_old."))
                : new("EBUSY", new(PutOldUnderNewRoot, $"put_old {shownOld} lies on the current root's own mount, not under new_root {shownNew}.", "Name a directory under new_root as put_old.")));
        }

        // Then EINVAL for the mount-point rules and reachability.
        if (root is null)
        {
            violations.Add(new("EINVAL", new(RootIsMountPoint, "The current root is not a mount point (the namespace's root directory is not the root of a mount, as after a chroot).", "Run pivot_root from a process whose root is a mount point.")));
        }

        // Without a mount at '/' the table cannot be walked to tell what is mounted where.
        if (root is not null && newRoot == "/")
        {
            if (!violations.Exists(v => v.Cause.Precondition == NotCurrentRoot))
            {
                violations.Add(new("EBUSY", new(NewRootIsMountPoint, $"new_root {shownNew} is /, the current root.", "Name a mount point inside the current root.")));
            }
        }
        else if (root is not null && tree.TopAt(newRoot) is null)
        {
            violations.Add(new("EINVAL", new(NewRootIsMountPoint, $"new_root {shownNew} is not a mount point: nothing is mounted there.", $"Bind it onto itself first: `{fixRoot}`.")));
        }

        if (!MountTree.IsAtOrUnder(putOld, newRoot))
        {
            violations.Add(new("EINVAL", new(PutOldUnderNewRoot, $"put_old {shownOld} is not at or under new_root {shownNew}, so the old root could not be reached from the new one.", $"Name a directory under {shownNew}, e.g. `mkdir -p {ShellQuote.Quote(shownNew.TrimEnd('/') + "/.oldroot")}`.")));
        }

        return violations;
    }

    /// <summary>The violation that explains <paramref name="errno"/>: the first with that errno, else the first; null when none.</summary>
    public static Violation? Explaining(IReadOnlyList<Violation> violations, string errno) =>
        violations.FirstOrDefault(v => v.Errno == errno) ?? (violations.Count > 0 ? violations[0] : null);
}
