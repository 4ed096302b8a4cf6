namespace MountViz.Core.Operations;

/// <summary><c>rmdir DIR...</c>: removes empty directories.</summary>
/// <param name="Directories">The directories, at least one.</param>
public sealed record RemoveDirectoryOperation(PathList Directories) : Operation
{
    /// <summary>The directories, at least one.</summary>
    public PathList Directories { get; } = Directories is { Count: > 0 }
        ? Directories
        : throw new ArgumentException("rmdir needs at least one directory.", nameof(Directories));

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("rmdir", Directories);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => Directories.Select(d => $"rmdir({CString.Literal(d)})").ToList();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => Directories;

    /// <inheritdoc/>
    public override RemoveDirectoryOperation Resolve(string cwd) => new(Directories.Select(d => LabPath.Resolve(d, cwd)));
}
