namespace MountViz.Web.Components.Experiments;

/// <summary>What the list of experiments shows about a scenario.</summary>
internal static class ScenarioSummary
{
    /// <summary>
    /// The first sentence of <paramref name="introduction"/> (Markdown): its first paragraph, lines
    /// joined, up to the first full stop followed by a space; the whole paragraph when there is none.
    /// </summary>
    public static string FirstSentence(string introduction)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        string text = introduction.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        int paragraphEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        string paragraph = (paragraphEnd < 0 ? text : text[..paragraphEnd]).Replace('\n', ' ');
        int stop = paragraph.IndexOf(". ", StringComparison.Ordinal);
        return stop < 0 ? paragraph : paragraph[..(stop + 1)];
    }
}
