namespace MountViz.Core.Operations;

/// <summary>The exact arguments of one umount2(2) call; <see cref="ToString"/> renders it as C.</summary>
/// <param name="Target">The mount point (the top-most mount there is unmounted).</param>
/// <param name="Flags">The flags.</param>
public sealed record UmountCall(string Target, UmountFlags Flags)
{
    /// <summary><c>umount2("/x", MNT_DETACH)</c>.</summary>
    public override string ToString() => $"umount2({CString.Literal(Target)}, {Flags.ToC()})";
}
