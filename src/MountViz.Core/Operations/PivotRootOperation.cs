namespace MountViz.Core.Operations;

/// <summary>
/// <c>pivot_root NEW_ROOT PUT_OLD</c>, as the article's experiment B: makes NEW_ROOT the root of
/// the namespace and puts the old root at PUT_OLD, then changes to the new <c>/</c> and detaches
/// the old root (<c>umount2(PUT_OLD, MNT_DETACH)</c> seen from the new root).
/// </summary>
/// <param name="NewRoot">The new root; must be a mount point.</param>
/// <param name="PutOld">Where the old root goes; at or under <paramref name="NewRoot"/>.</param>
public sealed record PivotRootOperation(string NewRoot, string PutOld) : Operation
{
    /// <summary>The new root.</summary>
    public string NewRoot { get; } = LabPath.Check(NewRoot, nameof(NewRoot));

    /// <summary>Where the old root goes.</summary>
    public string PutOld { get; } = LabPath.Check(PutOld, nameof(PutOld));

    /// <summary>
    /// Where the old root is after the pivot, as seen from the new root (<c>/.old</c>; <c>/</c>
    /// for <c>pivot_root . .</c>); null when PUT_OLD is not at or under NEW_ROOT, or when that
    /// cannot be told without the current directory (resolve first).
    /// </summary>
    public string? OldRootAfterPivot
    {
        get
        {
            bool newAbsolute = LabPath.IsAbsolute(NewRoot);
            if (newAbsolute != LabPath.IsAbsolute(PutOld))
            {
                return null;
            }

            // Two relative paths compare as if from "/", unless ".." could climb above the
            // current directory, which only the real current directory can tell.
            if (!newAbsolute && (HasDotDot(NewRoot) || HasDotDot(PutOld)))
            {
                return null;
            }

            return LabPath.RelativeTo(LabPath.Resolve(PutOld, LabPath.Root), LabPath.Resolve(NewRoot, LabPath.Root));
        }
    }

    /// <summary>The umount2(2) call that detaches the old root after the pivot; null when <see cref="OldRootAfterPivot"/> is.</summary>
    public UmountCall? DetachCall => OldRootAfterPivot is { } old ? new UmountCall(old, UmountFlags.Detach) : null;

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("pivot_root", NewRoot, PutOld);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls =>
    [
        $"pivot_root({CString.Literal(NewRoot)}, {CString.Literal(PutOld)})",
        "chdir(\"/\")",
        DetachCall?.ToString() ?? "umount2(put_old as seen from the new root, MNT_DETACH)",
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [NewRoot, PutOld];

    /// <inheritdoc/>
    public override PivotRootOperation Resolve(string cwd) => new(LabPath.Resolve(NewRoot, cwd), LabPath.Resolve(PutOld, cwd));

    private static bool HasDotDot(string path) => path.Split('/').Contains("..");
}
