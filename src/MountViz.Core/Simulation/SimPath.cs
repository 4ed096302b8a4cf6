namespace MountViz.Core.Simulation;

/// <summary>Lexical path arithmetic on absolute, normalized paths (lab paths and dentries).</summary>
internal static class SimPath
{
    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsWithin(string path, string root) =>
        root == "/" || path == root || (path.Length > root.Length && path[root.Length] == '/' && path.StartsWith(root, StringComparison.Ordinal));

    /// <summary><paramref name="path"/> relative to <paramref name="root"/>, as <c>/x/y</c> (<c>/</c> for root itself); null when outside.</summary>
    public static string? Relative(string path, string root)
    {
        if (!IsWithin(path, root))
        {
            return null;
        }

        return root == "/" ? path : (path.Length == root.Length ? "/" : path[root.Length..]);
    }

    /// <summary><paramref name="base"/> followed by the absolute <paramref name="relative"/>.</summary>
    public static string Join(string @base, string relative) =>
        relative == "/" ? @base : (@base == "/" ? relative : @base + relative);

    /// <summary>The number of components (<c>/</c> has 0).</summary>
    public static int Depth(string path) => path == "/" ? 0 : path.Count(c => c == '/');
}
