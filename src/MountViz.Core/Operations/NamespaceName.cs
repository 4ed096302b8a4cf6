using System.Text.RegularExpressions;

namespace MountViz.Core.Operations;

/// <summary>
/// Names of lab namespaces (<c>base</c>, <c>c1</c>): letters, digits, '.', '_' and '-', starting
/// with a letter or digit, at most 63 characters; so they are safe in URLs, commands and logs.
/// </summary>
public static partial class NamespaceName
{
    /// <summary>The rule, in words, for error messages.</summary>
    public const string Rule = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters";

    /// <summary>Whether <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Throws unless <paramref name="name"/> is valid.</summary>
    /// <returns><paramref name="name"/>, for use in initialisers.</returns>
    public static string Check(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a namespace name: use {Rule}.", paramName);
        }

        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
