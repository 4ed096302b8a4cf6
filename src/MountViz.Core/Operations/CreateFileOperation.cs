namespace MountViz.Core.Operations;

/// <summary><c>touch FILE...</c>: creates empty files (mode 0644) or updates their times.</summary>
/// <param name="Files">The files, at least one.</param>
public sealed record CreateFileOperation(PathList Files) : Operation
{
    /// <summary>The mode passed to open(2) for a new file: 0644.</summary>
    public const int Mode = 0x1A4;

    /// <summary>The files, at least one.</summary>
    public PathList Files { get; } = Files is { Count: > 0 }
        ? Files
        : throw new ArgumentException("touch needs at least one file.", nameof(Files));

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command("touch", Files);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls =>
        Files.SelectMany(f => new[]
        {
            $"open({CString.Literal(f)}, O_WRONLY|O_CREAT|O_NOCTTY, {CString.Mode(Mode)})",
            "futimens(fd, NULL)",
            "close(fd)",
        }).ToList();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => Files;

    /// <inheritdoc/>
    public override CreateFileOperation Resolve(string cwd) => new(Files.Select(f => LabPath.Resolve(f, cwd)));
}
