using System.Text;

namespace MountViz.Core.Operations;

/// <summary>
/// Lab paths: paths as a user of a lab types them, where <c>/</c> is the root of the lab's
/// workspace. Operations keep relative paths relative (as typed); <see cref="Resolve"/> makes
/// them absolute against a current directory. All of this is lexical: <c>..</c> never climbs
/// above <c>/</c> here, but the real confinement (symlinks, mount points) is done by the Linux
/// layer when it opens the path inside the workspace.
/// </summary>
public static class LabPath
{
    /// <summary>The workspace root.</summary>
    public const string Root = "/";

    /// <summary>Whether <paramref name="path"/> starts at the workspace root.</summary>
    public static bool IsAbsolute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith('/');
    }

    /// <summary>
    /// Makes <paramref name="path"/> absolute against <paramref name="cwd"/> and normalises it
    /// lexically: repeated and trailing slashes, <c>.</c> and <c>..</c> are folded, and
    /// <c>..</c> at the root stays at the root (as the kernel does at a process's root).
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or contains NUL, or
    /// <paramref name="cwd"/> is not absolute.</exception>
    public static string Resolve(string path, string cwd)
    {
        Check(path, nameof(path));
        Check(cwd, nameof(cwd));
        if (!IsAbsolute(cwd))
        {
            throw new ArgumentException($"The current directory must be an absolute lab path, not '{cwd}'.", nameof(cwd));
        }

        var parts = new List<string>();
        if (!IsAbsolute(path))
        {
            Fold(cwd, parts);
        }

        Fold(path, parts);
        if (parts.Count == 0)
        {
            return Root;
        }

        var builder = new StringBuilder(path.Length + cwd.Length);
        foreach (string part in parts)
        {
            builder.Append('/').Append(part);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Where <paramref name="path"/> lies as seen from <paramref name="ancestor"/> (for example
    /// where put_old is after pivot_root makes <paramref name="ancestor"/> the root): <c>/</c>
    /// when they are the same, <c>/rest</c> when <paramref name="path"/> is below it, and null
    /// otherwise. Both must be absolute; they are normalised first.
    /// </summary>
    public static string? RelativeTo(string path, string ancestor)
    {
        string p = Resolve(path, Root);
        string a = Resolve(ancestor, Root);
        if (p == a)
        {
            return Root;
        }

        if (a == Root)
        {
            return p;
        }

        return p.StartsWith(a, StringComparison.Ordinal) && p[a.Length] == '/' ? p[a.Length..] : null;
    }

    /// <summary>Throws unless <paramref name="path"/> can name a file: not empty, no NUL.</summary>
    /// <returns><paramref name="path"/>, for use in initialisers.</returns>
    public static string Check(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("A path cannot be empty.", paramName);
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path cannot contain a NUL character.", paramName);
        }

        return path;
    }

    private static void Fold(string path, List<string> parts)
    {
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }
    }
}
