using System.Text;

namespace MountViz.Core.Commands;

/// <summary>
/// Why a command line was not understood: a message that says what is wrong and what to do,
/// the span of the line it points at, and what would be accepted there.
/// </summary>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Start">0-based index in the line of the first character of the offending token
/// (the line's length when something is missing at the end).</param>
/// <param name="Length">Its length; 0 when something is missing.</param>
/// <param name="Accepted">What is accepted at that place: verbs with their syntax, options, or values.</param>
public sealed record CommandError(string Message, int Start, int Length, IReadOnlyList<string> Accepted)
{
    /// <summary>The 1-based column of <see cref="Start"/>, for people.</summary>
    public int Column => Start + 1;

    /// <summary>The line, and under it carets marking the span (one caret when something is missing).</summary>
    public string Render(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line + "\n" + new string(' ', Math.Min(Start, line.Length)) + new string('^', Math.Max(1, Length));
    }

    /// <summary><c>column 7: message Accepted: a; b</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"column {Column}: {Message}");
        if (Accepted.Count > 0)
        {
            text.Append(" Accepted: ").AppendJoin("; ", Accepted);
        }

        return text.ToString();
    }
}
