using System.Text;

namespace MountViz.Core.Scenarios;

/// <summary>Lowercase ASCII words joined by '-', for file names and anchors.</summary>
public static class ScenarioSlug
{
    /// <summary>The slug of <paramref name="text"/>, at most 48 characters; <c>step</c> when nothing is left.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 48)
            {
                break;
            }
        }

        string result = slug.ToString().Trim('-');
        return result.Length == 0 ? "step" : result;
    }
}
