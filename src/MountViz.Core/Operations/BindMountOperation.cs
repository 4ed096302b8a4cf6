namespace MountViz.Core.Operations;

/// <summary>
/// <c>mount --bind SOURCE DIR</c> (MS_BIND) or, recursive, <c>mount --rbind SOURCE DIR</c>
/// (MS_BIND|MS_REC): makes an existing directory or file visible at DIR; rbind also copies the
/// mounts below SOURCE, skipping unbindable ones with their subtrees.
/// </summary>
/// <param name="Source">The existing directory or file.</param>
/// <param name="Target">The mount point.</param>
/// <param name="Recursive">rbind: include the mounts below the source.</param>
public sealed record BindMountOperation(string Source, string Target, bool Recursive = false) : Operation
{
    /// <summary>The existing directory or file.</summary>
    public string Source { get; } = LabPath.Check(Source, nameof(Source));

    /// <summary>The mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>MS_BIND, with MS_REC for rbind.</summary>
    public MountFlags Flags => Recursive ? MountFlags.Bind | MountFlags.Recursive : MountFlags.Bind;

    /// <summary>The mount(2) call, with paths as they are in this value.</summary>
    public MountCall Call => ToCall(p => p);

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command(Recursive ? "mount --rbind" : "mount --bind", Source, Target);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [Call.ToString()];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Source, Target];

    /// <summary>The mount(2) call with both paths passed through <paramref name="mapPath"/>.</summary>
    public MountCall ToCall(Func<string, string> mapPath)
    {
        ArgumentNullException.ThrowIfNull(mapPath);
        return new MountCall(mapPath(Source), mapPath(Target), null, Flags, null);
    }

    /// <inheritdoc/>
    public override BindMountOperation Resolve(string cwd) =>
        new(LabPath.Resolve(Source, cwd), LabPath.Resolve(Target, cwd), Recursive);
}
