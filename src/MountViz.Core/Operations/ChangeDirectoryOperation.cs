namespace MountViz.Core.Operations;

/// <summary>
/// <c>cd DIR</c>: changes the current directory that relative paths of later commands are
/// resolved against (as the article runs its script from its scratch directory). The new
/// current directory is <c>Resolve(cwd).Path</c>.
/// </summary>
/// <param name="Path">The directory; not "-", which a shell reads as the previous directory.</param>
public sealed record ChangeDirectoryOperation(string Path) : Operation
{
    /// <summary>The directory.</summary>
    public string Path { get; } = Path == "-"
        ? throw new ArgumentException("'cd -' means the previous directory in a shell; name a directory called '-' as ./-.", nameof(Path))
        : LabPath.Check(Path, nameof(Path));

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("cd", Path);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [$"chdir({CString.Literal(Path)})"];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Path];

    /// <inheritdoc/>
    public override ChangeDirectoryOperation Resolve(string cwd) => new(LabPath.Resolve(Path, cwd));
}
