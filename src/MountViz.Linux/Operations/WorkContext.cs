using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// One run of an operation on the executor thread inside its namespace: path resolution that
/// remembers what each path is for (so a refusal can say "the mount point /x does not exist"),
/// the namespace's mount tree from just before, conversions to lab paths, the cap check, and
/// unmounting by a path that pins nothing.
/// </summary>
internal sealed class WorkContext(LabNamespaceContext context, RunInput input)
{
    private static readonly long[] LabFileSystems = [FileCalls.TmpfsMagic, FileCalls.RamfsMagic, FileCalls.OverlayMagic];

    /// <summary>The namespace context (executor thread only).</summary>
    public LabNamespaceContext Context { get; } = context;

    /// <summary>What the run got.</summary>
    public RunInput Input { get; } = input;

    /// <summary>This namespace's mount tree from just before the run, in its own paths.</summary>
    public MountTree Tree { get; } = new(input.Own.All);

    /// <summary>What the path being resolved now is for ("mount point", "bind source"), for refusals.</summary>
    public string Role { get; private set; } = "path";

    /// <summary>The lab path being resolved now.</summary>
    public string RolePath { get; private set; } = "/";

    /// <summary>The workspace root in the namespace's paths.</summary>
    public string Workspace => Context.WorkspacePath;

    /// <summary>Resolves a lab path inside the workspace, remembering its role for a refusal.</summary>
    public ConfinedPath Resolve(string labPath, string role, bool followFinalSymlink = true)
    {
        Role = role;
        RolePath = labPath;
        return Context.Resolve(labPath, followFinalSymlink);
    }

    /// <summary>Resolves the directory that holds a lab path, remembering its role for a refusal.</summary>
    public (ConfinedPath Parent, string Name) ResolveParent(string labPath, string role)
    {
        Role = role;
        RolePath = labPath;
        return Context.ResolveParent(labPath);
    }

    /// <summary>The lab path of a namespace path; the namespace path itself when it is outside the workspace.</summary>
    public string Lab(string namespacePath) => WorkspaceView.ToLabPath(namespacePath, Workspace) ?? namespacePath;

    /// <summary>The lab path of a resolved path (symlinks followed, so the canonical one).</summary>
    public string Lab(ConfinedPath path) => Lab(path.AbsolutePath);

    /// <summary>The mount at the bottom of the workspace root in this namespace (lab <c>/</c> itself), or null.</summary>
    public MountInfo? WorkspaceRootMount
    {
        get
        {
            MountTable workspace = Input.Own.Workspace;
            return workspace.Mounts.FirstOrDefault(m => m.MountPoint == "/" && workspace.ParentOf(m) is null);
        }
    }

    /// <summary>
    /// Null when attaching a tree of <paramref name="treeSize"/> mounts under
    /// <paramref name="destination"/> keeps every namespace within the cap; otherwise the refusal.
    /// </summary>
    public RunOutcome? CheckCap(int treeSize, bool addsInPlace, MountInfo? destination)
    {
        MountCapEstimate estimate = MountCapEstimate.For(Input.Namespace, treeSize, addsInPlace, destination, Input.Tables);
        string? refusal = estimate.Refusal(Input.Operation.ShellCommand, Input.Counts, Input.Limits.MaxMountsPerNamespace);
        return refusal is null ? null : new RunOutcome { Ok = false, CapRefusal = refusal };
    }

    /// <summary>
    /// Null when <paramref name="fd"/> is on a filesystem of the lab's own (tmpfs, ramfs,
    /// overlay); otherwise why MountViz will not write there. A proc mounted in the lab shows
    /// the running kernel's settings (<c>/proc/sys</c>, <c>sysrq-trigger</c>): writing them would
    /// change the host.
    /// </summary>
    public static RunOutcome? CheckLabFileSystem(SafeFd fd, string labPath)
    {
        long type = FileCalls.FileSystemType(fd);
        if (LabFileSystems.Contains(type))
        {
            return null;
        }

        string what = type == FileCalls.ProcMagic ? "a proc filesystem, whose files are the running kernel's settings and state" : $"a filesystem of type 0x{type:x}";
        return RunOutcome.Refused(
            $"{labPath} is on {what}. MountViz creates, writes and removes files only on the lab's tmpfs, ramfs and overlay mounts, so no lab command can change the host.",
            new FailureCause("the file is on a tmpfs, ramfs or overlay mount of the lab", $"{labPath} is on {what}.", "Use a path on the workspace or on a tmpfs mounted in the lab."));
    }

    /// <summary>The namespace's mount table now, read from inside it through the executor's own /proc.</summary>
    public MountTable ReadCurrentTable() => MountTable.Parse(FileCalls.ReadAll(Context.Proc, "thread-self/mountinfo"));

    /// <summary>
    /// umount2 of the top-most mount at <paramref name="labPath"/> without pinning it: an
    /// <c>O_PATH</c> fd on the mount would make a plain umount fail with EBUSY, so the thread
    /// changes into the confined parent directory and unmounts the last name with
    /// <c>UMOUNT_NOFOLLOW</c> (no symlink can redirect a single name that is not followed).
    /// </summary>
    /// <exception cref="ErrnoException">The kernel refused.</exception>
    /// <exception cref="PathRefusedException">The parent directory cannot be resolved inside the workspace.</exception>
    public void Unmount(string labPath, UmountFlags flags)
    {
        if (labPath == "/")
        {
            // The workspace root's own mount point is outside the lab (the private shelf, or '/'
            // after pivot_root), where nothing of the lab can put a symlink.
            Syscalls.Unmount(Workspace, flags | UmountFlags.NoFollow, "/");
            return;
        }

        (ConfinedPath parent, string name) = ResolveParent(labPath, "mount point");
        using (parent)
        {
            Syscalls.ChangeDirectory(parent.Fd, parent.LabPath);
        }

        try
        {
            Syscalls.Unmount(name, flags | UmountFlags.NoFollow, labPath);
        }
        finally
        {
            // Leave no working directory on a lab mount: it would keep it busy for a later call.
            FileCalls.ChangeDirectory("/");
        }
    }

    /// <summary>Whether a type from <c>st_mode</c> is a regular file.</summary>
    public static bool IsRegularFile(uint mode) => (mode & (uint)LibC.S_IFMT) == (uint)LibC.S_IFREG;
}
