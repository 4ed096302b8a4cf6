using System.Globalization;
using MountViz.Core.Model;

namespace MountViz.Core.Formatting;

/// <summary>
/// A namespace's mount table as a Markdown table for documentation: one row per mount in tree
/// order (parents before children, siblings in mount order), with its propagation tags and
/// whether it is hidden. Text is display text: bytes that are not UTF-8 appear as <c>\ooo</c>.
/// </summary>
public static class MountTableMarkdown
{
    /// <summary>The column headings, in order.</summary>
    public static IReadOnlyList<string> Headers { get; } =
        ["ID", "parent", "mount point", "root", "type", "source", "options", "propagation"];

    /// <summary>The table; a heading line first when <paramref name="title"/> is given.</summary>
    /// <param name="table">The namespace's mounts.</param>
    /// <param name="title">A caption such as the namespace's name, written as <c>**title**</c> above the table; null for none.</param>
    public static string Render(MountTable table, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        IEnumerable<IReadOnlyList<string>> rows = MountTreeRows.Build(table).Select(row => (IReadOnlyList<string>)
        [
            row.Mount.Id.ToString(CultureInfo.InvariantCulture),
            row.Mount.ParentId.ToString(CultureInfo.InvariantCulture),
            row.Target,
            DisplayText.Of(row.Mount.Root),
            row.FsType,
            DisplayText.Of(row.Mount.Source),
            DisplayText.Of(row.Mount.MountOptions),
            Propagation(row),
        ]);
        string markdown = MarkdownTable.Render(Headers, rows, new HashSet<int> { 0, 1 });
        return title is null ? markdown : $"**{MarkdownTable.Escape(title)}**\n\n{markdown}";
    }

    private static string Propagation(MountTreeRow row)
    {
        string tags = row.PropagationTags.Replace(",", " ", StringComparison.Ordinal);
        return row.Hidden ? tags + " (hidden)" : tags;
    }
}
