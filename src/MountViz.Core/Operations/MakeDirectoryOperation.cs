namespace MountViz.Core.Operations;

/// <summary><c>mkdir [-p] DIR...</c>: creates directories (with their parents for -p), mode 0755.</summary>
/// <param name="Directories">The directories to create, at least one.</param>
/// <param name="Parents">-p: create missing parents, and do not fail when a directory exists.</param>
public sealed record MakeDirectoryOperation(PathList Directories, bool Parents = false) : Operation
{
    /// <summary>The mode passed to mkdir(2): 0755.</summary>
    public const int Mode = 0x1ED;

    /// <summary>The directories to create, at least one.</summary>
    public PathList Directories { get; } = Directories is { Count: > 0 }
        ? Directories
        : throw new ArgumentException("mkdir needs at least one directory.", nameof(Directories));

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command(Parents ? "mkdir -p" : "mkdir", Directories);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls =>
        (Parents ? Directories.SelectMany(Prefixes) : Directories)
            .Select(d => $"mkdir({CString.Literal(d)}, {CString.Mode(Mode)})")
            .ToList();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => Directories;

    /// <inheritdoc/>
    public override MakeDirectoryOperation Resolve(string cwd) =>
        new(Directories.Select(d => LabPath.Resolve(d, cwd)), Parents);

    // mkdir -p creates each component in turn ("a", "a/b", "a/b/c"); "." and ".." name
    // directories that exist already, so they get no call of their own.
    private static IEnumerable<string> Prefixes(string path)
    {
        int start = 0;
        while (start < path.Length)
        {
            int slash = path.IndexOf('/', start);
            int end = slash < 0 ? path.Length : slash;
            string component = path[start..end];
            if (component.Length > 0 && component != "." && component != "..")
            {
                yield return path[..end];
            }

            if (slash < 0)
            {
                break;
            }

            start = slash + 1;
        }
    }
}
