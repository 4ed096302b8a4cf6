namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// One expected mount of a vector. Every field that is given must match; an omitted field
/// matches anything (as in the reference checker).
/// </summary>
/// <param name="Path">Mount point relative to <c>$S</c> (<c>/</c> is <c>$S</c> itself).</param>
/// <param name="Src">The tmpfs source name.</param>
/// <param name="Tags"><c>private</c>, <c>unbindable</c>, <c>shared:X</c>, <c>master:X</c> or <c>shared:X master:Y</c>; X is a placeholder (<c>$N1</c>, <c>G(/p)</c>...).</param>
/// <param name="Root">The mount's root within its filesystem (<c>/sub</c>).</param>
/// <param name="On">The parent's path, or <c>path:src</c> to name the parent's source too.</param>
/// <param name="From">For a move: the path before.</param>
public sealed record VectorMountPattern(string? Path, string? Src, string? Tags, string? Root, string? On, string? From)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new List<string>();
        Add("path", Path);
        Add("src", Src);
        Add("tags", Tags);
        Add("root", Root);
        Add("on", On);
        Add("from", From);
        return "{" + string.Join(", ", parts) + "}";

        void Add(string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{key}={value}");
            }
        }
    }
}
