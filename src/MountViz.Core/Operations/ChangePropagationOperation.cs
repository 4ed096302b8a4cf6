namespace MountViz.Core.Operations;

/// <summary>
/// <c>mount --make-[r]shared|private|slave|unbindable DIR</c>: sets the propagation type of the
/// mount whose root is DIR (MS_SHARED, ... with MS_REC for every mount below it too).
/// </summary>
/// <param name="Target">The mount point (must be the root of a mount).</param>
/// <param name="Type">The new propagation type.</param>
/// <param name="Recursive">The --make-r* form: every mount of the subtree.</param>
public sealed record ChangePropagationOperation(string Target, PropagationType Type, bool Recursive = false) : Operation
{
    /// <summary>The mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>The propagation type.</summary>
    public PropagationType Type { get; } = Enum.IsDefined(Type)
        ? Type
        : throw new ArgumentOutOfRangeException(nameof(Type), Type, "Not a propagation type.");

    /// <summary>The option name: <c>--make-rshared</c>.</summary>
    public string OptionName => "--make-" + (Recursive ? "r" : "") + Type.ToWord();

    /// <summary>The propagation flag, with MS_REC when recursive.</summary>
    public MountFlags Flags => Type.ToFlag() | (Recursive ? MountFlags.Recursive : MountFlags.None);

    /// <summary>The mount(2) call, with the path as it is in this value.</summary>
    public MountCall Call => ToCall(p => p);

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("mount " + OptionName, Target);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [Call.ToString()];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Target];

    /// <summary>The mount(2) call with the mount point passed through <paramref name="mapPath"/>.</summary>
    public MountCall ToCall(Func<string, string> mapPath)
    {
        ArgumentNullException.ThrowIfNull(mapPath);
        return new MountCall(null, mapPath(Target), null, Flags, null);
    }

    /// <inheritdoc/>
    public override ChangePropagationOperation Resolve(string cwd) => new(LabPath.Resolve(Target, cwd), Type, Recursive);
}
