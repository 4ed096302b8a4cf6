namespace MountViz.Core.Commands;

/// <summary>One option of a verb, as getopt_long(3) knows it.</summary>
/// <param name="Key">What the parser calls it.</param>
/// <param name="Short">The short letter, or '\0'.</param>
/// <param name="Long">The long names without dashes.</param>
/// <param name="Argument">The name of its argument (TYPE), or null when it takes none.</param>
internal sealed record OptionSpec(string Key, char Short, IReadOnlyList<string> Long, string? Argument = null)
{
    /// <summary><c>-t, --types TYPE</c>, for lists of what is accepted.</summary>
    public string Display
    {
        get
        {
            var names = new List<string>();
            if (Short != '\0')
            {
                names.Add("-" + Short);
            }

            names.AddRange(Long.Select(l => "--" + l));
            return string.Join(", ", names) + (Argument is null ? "" : " " + Argument);
        }
    }
}
