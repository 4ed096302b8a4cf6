using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace MountViz.Web.Components.Experiments;

/// <summary>
/// Renders a scenario's introduction and narratives (Markdown) to HTML for the page. A scenario
/// file may come from anyone, so raw HTML is shown as text, not interpreted, and a link whose
/// address is not http(s), mailto or relative loses its address (no <c>javascript:</c>).
/// </summary>
internal static class ScenarioMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    /// <summary>The HTML of <paramref name="markdown"/>, safe to insert as markup.</summary>
    public static MarkupString ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        foreach (LinkInline link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "";
            }
        }

        foreach (AutolinkInline link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !IsSafe(link.Url))
            {
                link.Url = "";
            }
        }

        return new MarkupString(document.ToHtml(Pipeline));
    }

    /// <summary>http, https, mailto, or no scheme at all (relative, a fragment).</summary>
    internal static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        string trimmed = url.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        int slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }

        string scheme = trimmed[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
