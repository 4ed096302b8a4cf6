using System.Text.RegularExpressions;

namespace MountViz.Core.Operations;

/// <summary>
/// <c>mount -t TYPE [-o OPTIONS] SOURCE DIR</c>: mounts a new filesystem (tmpfs, ramfs,
/// overlay, proc, ...). As mount(8) does, the generic options (ro, nosuid, noatime, ...)
/// become <see cref="Flags"/> and the rest is passed as <see cref="Data"/>. Overlay's
/// lowerdir, upperdir and workdir are lab paths: they are resolved and confined like the
/// mount point.
/// </summary>
/// <param name="FsType">The filesystem type (tmpfs, overlay, ...).</param>
/// <param name="Source">The source name; for tmpfs it names the filesystem in mountinfo. Not a path.</param>
/// <param name="Target">The mount point.</param>
/// <param name="Options">The -o options as typed, comma-separated; empty for none. They cannot
/// contain operation keywords (bind, remount, shared, ...) or empty options.</param>
public sealed partial record MountFilesystemOperation(string FsType, string Source, string Target, string Options = "") : Operation
{
    /// <summary>The filesystem type.</summary>
    public string FsType { get; } = CheckType(FsType, nameof(FsType));

    /// <summary>The source name.</summary>
    public string Source { get; } = LabPath.Check(Source, nameof(Source));

    /// <summary>The mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>The -o options as typed; empty for none.</summary>
    public string Options { get; } = CheckOptions(Options, nameof(Options));

    /// <summary>The mountflags: the generic options applied left to right.</summary>
    public MountFlags Flags => MountOptions.ToFlagsAndData(Options).Flags;

    /// <summary>The data string: every option that is not generic, in order; null if none.</summary>
    public string? Data => MountOptions.ToFlagsAndData(Options).Data;

    /// <summary>The mount(2) call, with paths as they are in this value.</summary>
    public MountCall Call => ToCall(p => p);

    /// <inheritdoc/>
    public override string ShellCommand =>
        ShellQuote.Command(
            Options.Length == 0 ? $"mount -t {FsType}" : $"mount -t {FsType} -o {ShellQuote.Quote(Options)}",
            Source,
            Target);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [Call.ToString()];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Target, .. MountOptions.PathsIn(FsType, Options)];

    /// <summary>A tmpfs (memory-backed; size= and mode= are common options).</summary>
    public static MountFilesystemOperation Tmpfs(string source, string target, string options = "") =>
        new("tmpfs", source, target, options);

    /// <summary>A ramfs (memory-backed, no size limit).</summary>
    public static MountFilesystemOperation Ramfs(string source, string target, string options = "") =>
        new("ramfs", source, target, options);

    /// <summary>A proc filesystem.</summary>
    public static MountFilesystemOperation Proc(string target, string source = "proc") => new("proc", source, target);

    /// <summary>
    /// An overlay of <paramref name="lowerDirs"/> (top-most first), writable through
    /// <paramref name="upperDir"/> and <paramref name="workDir"/> when both are given.
    /// Paths cannot contain ',' or ':', which separate options and layers.
    /// </summary>
    public static MountFilesystemOperation Overlay(
        IReadOnlyList<string> lowerDirs, string? upperDir, string? workDir, string target, string source = "overlay")
    {
        ArgumentNullException.ThrowIfNull(lowerDirs);
        if (lowerDirs.Count == 0)
        {
            throw new ArgumentException("An overlay needs at least one lower directory.", nameof(lowerDirs));
        }

        if ((upperDir is null) != (workDir is null))
        {
            throw new ArgumentException("An overlay's upperdir and workdir go together: give both or neither.", nameof(workDir));
        }

        foreach (string path in lowerDirs.Append(upperDir ?? "x").Append(workDir ?? "x"))
        {
            if (path.Length == 0 || path.Contains(',', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The overlay path '{path}' is empty or contains ',' or ':', which separate options.", nameof(lowerDirs));
            }
        }

        string options = "lowerdir=" + string.Join(':', lowerDirs);
        if (upperDir is not null)
        {
            options += ",upperdir=" + upperDir + ",workdir=" + workDir;
        }

        return new("overlay", source, target, options);
    }

    /// <summary>
    /// The mount(2) call with every path (the mount point and path options) passed through
    /// <paramref name="mapPath"/>, e.g. from lab paths to confined host paths.
    /// </summary>
    public MountCall ToCall(Func<string, string> mapPath)
    {
        ArgumentNullException.ThrowIfNull(mapPath);
        (MountFlags flags, _) = MountOptions.ToFlagsAndData(Options);
        string? data = MountOptions.ToFlagsAndData(MountOptions.MapPaths(FsType, Options, mapPath)).Data;
        return new MountCall(Source, mapPath(Target), FsType, flags, data);
    }

    /// <inheritdoc/>
    public override MountFilesystemOperation Resolve(string cwd) =>
        new(FsType, Source, LabPath.Resolve(Target, cwd), MountOptions.MapPaths(FsType, Options, p => LabPath.Resolve(p, cwd)));

    private static string CheckType(string fsType, string paramName)
    {
        ArgumentNullException.ThrowIfNull(fsType, paramName);
        return FsTypePattern().IsMatch(fsType)
            ? fsType
            : throw new ArgumentException($"'{fsType}' is not a filesystem type name (see /proc/filesystems).", paramName);
    }

    private static string CheckOptions(string options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        if (options.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Options cannot contain a NUL character.", paramName);
        }

        foreach (string option in MountOptions.Split(options))
        {
            if (option.Length == 0)
            {
                throw new ArgumentException($"The options '{options}' contain an empty option.", paramName);
            }

            if (MountOptions.IsOperationKeyword(option))
            {
                throw new ArgumentException($"'{option}' selects another operation; it is not an option of a new mount.", paramName);
            }
        }

        return options;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FsTypePattern();
}
