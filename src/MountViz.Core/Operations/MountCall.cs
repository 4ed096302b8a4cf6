namespace MountViz.Core.Operations;

/// <summary>
/// The exact arguments of one mount(2) call: what the Linux executor passes and what the
/// result shows (<see cref="ToString"/> renders it as C, as the article writes each step).
/// </summary>
/// <param name="Source">The source argument (a path for bind and move, a name for a new filesystem), or null.</param>
/// <param name="Target">The mount point.</param>
/// <param name="FsType">The filesystem type, or null.</param>
/// <param name="Flags">The mountflags.</param>
/// <param name="Data">The type-specific comma-separated options, or null.</param>
public sealed record MountCall(string? Source, string Target, string? FsType, MountFlags Flags, string? Data)
{
    /// <summary><c>mount("/a", "/b", NULL, MS_BIND, NULL)</c>.</summary>
    public override string ToString() =>
        $"mount({CString.Literal(Source)}, {CString.Literal(Target)}, {CString.Literal(FsType)}, {Flags.ToC()}, {CString.Literal(Data)})";
}
