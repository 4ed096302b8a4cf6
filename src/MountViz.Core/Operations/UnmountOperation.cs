namespace MountViz.Core.Operations;

/// <summary>
/// <c>umount [-l] [-R] DIR</c>: unmounts the top-most mount at DIR. -l (MNT_DETACH) detaches it
/// and its subtree at once even while in use; -R, as umount(8) does it, first unmounts every
/// mount below DIR, deepest first, with the same flags (<see cref="CallsFor"/>).
/// </summary>
/// <param name="Target">The mount point.</param>
/// <param name="Lazy">-l: MNT_DETACH.</param>
/// <param name="Recursive">-R: the mounts below first.</param>
public sealed record UnmountOperation(string Target, bool Lazy = false, bool Recursive = false) : Operation
{
    /// <summary>The mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>MNT_DETACH for -l, else none.</summary>
    public UmountFlags Flags => Lazy ? UmountFlags.Detach : UmountFlags.None;

    /// <summary>The umount2(2) call for the target itself.</summary>
    public UmountCall Call => new(Target, Flags);

    /// <inheritdoc/>
    public override string ShellCommand =>
        ShellQuote.Command("umount" + (Lazy ? " -l" : "") + (Recursive ? " -R" : ""), Target);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => Recursive
        ? [$"for each mount below {CString.Literal(Target)}, deepest first: umount2(mount_point, {Flags.ToC()})", Call.ToString()]
        : [Call.ToString()];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Target];

    /// <summary>
    /// The umount2(2) calls to make: for -R, one per mount below the target in the order given
    /// (deepest first, from the namespace's mount table), then the target; otherwise only the target.
    /// </summary>
    public IReadOnlyList<UmountCall> CallsFor(IEnumerable<string> mountPointsBelowDeepestFirst)
    {
        ArgumentNullException.ThrowIfNull(mountPointsBelowDeepestFirst);
        return Recursive ? [.. mountPointsBelowDeepestFirst.Select(p => new UmountCall(p, Flags)), Call] : [Call];
    }

    /// <inheritdoc/>
    public override UnmountOperation Resolve(string cwd) => new(LabPath.Resolve(Target, cwd), Lazy, Recursive);
}
