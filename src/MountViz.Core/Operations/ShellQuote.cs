using System.Buffers;
using System.Text;

namespace MountViz.Core.Operations;

/// <summary>
/// Quotes words the POSIX-shell way, so a rendered command can be pasted into <c>sh</c> or
/// bash and means the same thing, and so the command language reads it back unchanged.
/// </summary>
public static class ShellQuote
{
    // Characters that no POSIX shell treats specially anywhere in a word. Everything else
    // (blanks, quotes, $, `, \, globs, braces, ~, #, !, ^, non-ASCII, control) is quoted.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-");

    /// <summary>
    /// The word as is when it is plain, else in single quotes (a single quote inside becomes
    /// <c>'\''</c>); the empty word is <c>''</c>.
    /// </summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && !word.AsSpan().ContainsAnyExcept(Plain))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes each word and joins them with spaces.</summary>
    public static string Join(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return string.Join(' ', words.Select(Quote));
    }

    /// <summary>
    /// Appends <c> -- </c> before the operands when one of them starts with <c>-</c>, so that
    /// the command reads it as an operand and not as an option; then the quoted operands.
    /// </summary>
    internal static void AppendOperands(StringBuilder command, IEnumerable<string> operands)
    {
        var list = operands.ToList();
        if (list.Exists(o => o.StartsWith('-')))
        {
            command.Append(" --");
        }

        foreach (string operand in list)
        {
            command.Append(' ').Append(Quote(operand));
        }
    }

    /// <summary>A command made of a fixed head and operands, see <see cref="AppendOperands"/>.</summary>
    internal static string Command(string head, params IEnumerable<string> operands)
    {
        var command = new StringBuilder(head);
        AppendOperands(command, operands);
        return command.ToString();
    }
}
