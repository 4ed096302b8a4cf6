namespace MountViz.Core.Operations;

/// <summary>
/// <c>mount --move SOURCE DIR</c> (MS_MOVE): moves the mount at SOURCE, with its subtree, to DIR.
/// SOURCE must be the root of a mount whose parent is not shared.
/// </summary>
/// <param name="Source">The mount point of the mount to move.</param>
/// <param name="Target">The new mount point.</param>
public sealed record MoveMountOperation(string Source, string Target) : Operation
{
    /// <summary>The mount point of the mount to move.</summary>
    public string Source { get; } = LabPath.Check(Source, nameof(Source));

    /// <summary>The new mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>MS_MOVE.</summary>
    public static MountFlags Flags => MountFlags.Move;

    /// <summary>The mount(2) call, with paths as they are in this value.</summary>
    public MountCall Call => ToCall(p => p);

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("mount --move", Source, Target);

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
    public override MoveMountOperation Resolve(string cwd) => new(LabPath.Resolve(Source, cwd), LabPath.Resolve(Target, cwd));
}
