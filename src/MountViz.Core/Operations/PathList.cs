using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace MountViz.Core.Operations;

/// <summary>
/// An immutable list of lab paths with value equality, so that operations naming several paths
/// (<c>mkdir -p a b</c>) compare equal by content. Write it as a collection expression:
/// <c>new MakeDirectoryOperation(["a", "b"], Parents: true)</c>.
/// </summary>
[CollectionBuilder(typeof(PathList), nameof(Create))]
public sealed class PathList : IReadOnlyList<string>, IEquatable<PathList>
{
    private readonly ImmutableArray<string> _paths;

    /// <summary>Creates the list; each path must be non-empty and free of NUL.</summary>
    public PathList(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = [.. paths];
        foreach (string path in _paths)
        {
            LabPath.Check(path, nameof(paths));
        }
    }

    /// <inheritdoc/>
    public int Count => _paths.Length;

    /// <inheritdoc/>
    public string this[int index] => _paths[index];

    /// <summary>The collection-expression builder.</summary>
    public static PathList Create(ReadOnlySpan<string> paths) => new(paths.ToArray());

    /// <summary>The same list with each path passed through <paramref name="map"/>.</summary>
    public PathList Select(Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new PathList(_paths.Select(map));
    }

    /// <inheritdoc/>
    public bool Equals(PathList? other) =>
        other is not null && _paths.AsSpan().SequenceEqual(other._paths.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PathList);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (string path in _paths)
        {
            hash.Add(path, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_paths).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The paths separated by spaces, unquoted (for messages).</summary>
    public override string ToString() => string.Join(' ', _paths);
}
