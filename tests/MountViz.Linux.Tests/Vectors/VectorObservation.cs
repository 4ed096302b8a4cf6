namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// What running a vector's op showed, in the vectors' terms: ok or the errno, every compared
/// namespace's mounts before the op (for <c>G(/p)</c>, <c>M(/p)</c> and fresh <c>$N</c>), and the
/// changes per namespace (keyed by vector names: <c>ns0</c>, <c>c1</c>...).
/// </summary>
/// <param name="Ok">Whether the op succeeded.</param>
/// <param name="Errno">The errno name when it failed.</param>
/// <param name="Before">Each compared namespace's mounts before the op; a namespace made by the op is absent.</param>
/// <param name="Diff">Each namespace's changes; a namespace without changes may be absent.</param>
public sealed record VectorObservation(
    bool Ok,
    string? Errno,
    IReadOnlyDictionary<string, IReadOnlyList<ObservedMount>> Before,
    IReadOnlyDictionary<string, NamespaceDiff> Diff)
{
    /// <summary>
    /// Group IDs in use before the op beyond those in <see cref="Before"/> (the rest of each
    /// namespace's table); a fresh <c>$N</c> must not be one of them either.
    /// </summary>
    public IReadOnlySet<string> OtherExistingGroups { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The engine's message, for failure reports.</summary>
    public string? Message { get; init; }

    /// <summary>The changes of one namespace.</summary>
    public NamespaceDiff DiffOf(string ns) => Diff.TryGetValue(ns, out NamespaceDiff? diff) ? diff : NamespaceDiff.Empty;

    /// <summary>Every namespace's changes, one line per entry, for messages.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        foreach ((string ns, NamespaceDiff diff) in Diff.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            foreach (ChangeCategory category in ChangeCategoryNames.All)
            {
                foreach (ObservedChange change in diff.For(category))
                {
                    lines.Add($"  {ns}.{category.ToWord()}: {change}");
                }
            }
        }

        return lines.Count == 0 ? "  (no changes)" : string.Join('\n', lines);
    }
}
