namespace MountViz.Core.Commands;

/// <summary>Every command form the command language accepts, in the order help shows them.</summary>
public static class CommandSyntax
{
    private static readonly CommandUsage[] All =
    [
        new("mkdir", "mkdir [-p] DIR...", "create directories (-p: with their parents)"),
        new("touch", "touch FILE...", "create empty files"),
        new("echo", "echo [-n] TEXT > FILE", "write TEXT and a newline to FILE (>> appends, -n: no newline)"),
        new("rmdir", "rmdir DIR...", "remove empty directories"),
        new("mount", "mount -t TYPE [-o OPTIONS] SOURCE DIR", "mount a new filesystem (tmpfs, ramfs, overlay, proc)"),
        new("mount", "mount --bind SOURCE DIR", "bind mount (-B)"),
        new("mount", "mount --rbind SOURCE DIR", "recursive bind mount (-R)"),
        new("mount", "mount --move SOURCE DIR", "move a mount (-M)"),
        new("mount", "mount -o remount,ro|rw[,nosuid][,nodev][,noexec][,bind] DIR", "change a mount's flags"),
        new("mount", "mount --make-[r]shared|private|slave|unbindable DIR", "change propagation (r: the whole subtree)"),
        new("umount", "umount [-l] [-R] DIR", "unmount (-l: lazy, MNT_DETACH; -R: the mounts below first)"),
        new("unshare", "unshare -m [--propagation private|shared|slave|unchanged] [--from NAMESPACE] NAME", "create lab namespace NAME as a copy of this one"),
        new("rmns", "rmns NAME", "delete lab namespace NAME"),
        new("pivot_root", "pivot_root NEW_ROOT PUT_OLD", "make NEW_ROOT the root, put the old root at PUT_OLD and detach it"),
        new("cd", "cd DIR", "change the directory relative paths start from"),
    ];

    /// <summary>Every form.</summary>
    public static IReadOnlyList<CommandUsage> Usages => All;

    /// <summary>The verbs, each once.</summary>
    public static IReadOnlyList<string> Verbs { get; } = [.. All.Select(u => u.Verb).Distinct()];

    /// <summary>The forms of one verb.</summary>
    public static IReadOnlyList<string> FormsOf(string verb) => [.. All.Where(u => u.Verb == verb).Select(u => u.Syntax)];

    /// <summary>Every form, as text.</summary>
    public static IReadOnlyList<string> AllForms => [.. All.Select(u => u.Syntax)];
}
