namespace MountViz.Core.Scenarios;

/// <summary>Directory entries as one line: <c>[README, bin]</c>, or <c>nothing</c>.</summary>
internal static class ListingText
{
    public static string Of(IEnumerable<string> entries)
    {
        var sorted = entries.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? "nothing" : $"[{string.Join(", ", sorted)}]";
    }
}
