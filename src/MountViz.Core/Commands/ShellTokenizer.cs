using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MountViz.Core.Commands;

/// <summary>
/// Splits a command line into words the way a POSIX shell does (blanks, single quotes, double
/// quotes, backslash escapes, <c>#</c> comments), without expanding anything. Whatever a shell
/// would expand or treat as another command (<c>;</c>, <c>|</c>, <c>&amp;&amp;</c>, <c>$(...)</c>,
/// backticks, <c>$VAR</c>, wildcards, braces, <c>~</c>) is refused with a message, because doing
/// it silently differently from a shell would mislead; one line is one operation. <c>&gt;</c> and
/// <c>&gt;&gt;</c> are tokens of their own, for <c>echo TEXT &gt; FILE</c>.
/// </summary>
public static class ShellTokenizer
{
    private const string OneOperation = "one line is one operation: type the next command on its own line.";

    /// <summary>Tokenizes <paramref name="line"/>; on failure <paramref name="error"/> points at the offending characters.</summary>
    public static bool TryTokenize(
        string line,
        [NotNullWhen(true)] out IReadOnlyList<ShellToken>? tokens,
        [NotNullWhen(false)] out CommandError? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            tokens = Tokenize(line);
            error = null;
            return true;
        }
        catch (CommandException e)
        {
            tokens = null;
            error = e.Error;
            return false;
        }
    }

    internal static List<ShellToken> Tokenize(string line)
    {
        int nul = line.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            throw CommandException.At(nul, 1, "The line contains a NUL character, which no path or argument can contain.");
        }

        var tokens = new List<ShellToken>();
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is ' ' or '\t')
            {
                i++;
            }
            else if (c == '#')
            {
                break; // A comment runs to the end of the line, as in a shell script.
            }
            else if (c == '>')
            {
                tokens.Add(ReadRedirect(line, ref i));
            }
            else
            {
                CheckNotOperator(line, i);
                tokens.Add(ReadWord(line, ref i));
            }
        }

        return tokens;
    }

    private static ShellToken ReadRedirect(string line, ref int i)
    {
        int start = i;
        if (i + 1 < line.Length && line[i + 1] is '&' or '|')
        {
            throw CommandException.At(i, 2, $"`{line.AsSpan(i, 2)}` is not supported; only `echo TEXT > FILE` and `echo TEXT >> FILE` write files.");
        }

        if (i + 1 < line.Length && line[i + 1] == '>')
        {
            i += 2;
            return new ShellToken(ShellTokenKind.RedirectAppend, ">>", start, 2);
        }

        i++;
        return new ShellToken(ShellTokenKind.RedirectOutput, ">", start, 1);
    }

    private static void CheckNotOperator(string line, int i)
    {
        char c = line[i];
        bool doubled = i + 1 < line.Length && line[i + 1] == c;
        switch (c)
        {
            case ';':
                throw CommandException.At(i, 1, "`;` separates commands; " + OneOperation);
            case '&':
                throw doubled
                    ? CommandException.At(i, 2, "`&&` runs a second command; " + OneOperation)
                    : CommandException.At(i, 1, "`&` (run in the background) is not supported; " + OneOperation);
            case '|':
                throw doubled
                    ? CommandException.At(i, 2, "`||` runs a second command; " + OneOperation)
                    : CommandException.At(i, 1, "`|` (a pipe) is not supported; " + OneOperation);
            case '<':
                throw CommandException.At(i, 1, "`<` (input redirection) is not supported; only `echo TEXT > FILE` writes files.");
            case '(' or ')':
                throw CommandException.At(i, 1, $"`{c}` (a subshell or group) is not supported; " + OneOperation);
            case '\n':
                throw CommandException.At(i, 1, "A line break separates commands; " + OneOperation);
        }
    }

    private static ShellToken ReadWord(string line, ref int i)
    {
        int start = i;
        var text = new StringBuilder();
        bool quoted = false;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
            {
                break;
            }

            switch (c)
            {
                case '\\':
                    if (i + 1 >= line.Length)
                    {
                        throw CommandException.At(i, 1, "A backslash at the end of the line escapes nothing: remove it, or quote it ('\\').");
                    }

                    // Backslash-newline is a line continuation; anything else is taken literally.
                    if (line[i + 1] != '\n')
                    {
                        text.Append(line[i + 1]);
                    }

                    quoted = true;
                    i += 2;
                    break;
                case '\'':
                {
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw CommandException.At(i, 1, "This single quote is never closed: add the closing '.");
                    }

                    text.Append(line, i + 1, close - i - 1);
                    quoted = true;
                    i = close + 1;
                    break;
                }

                case '"':
                    ReadDoubleQuoted(line, ref i, text);
                    quoted = true;
                    break;
                case '$':
                    CheckDollar(line, i);
                    text.Append(c);
                    i++;
                    break;
                case '`':
                    throw CommandException.At(i, 1, "Command substitution with backticks is not run: type the value itself.");
                case '*' or '?' or '[':
                    throw CommandException.At(i, 1, $"`{c}` is a wildcard a shell would expand; MountViz expands none. Quote it ('{c}') to use it literally.");
                case '{' or '}':
                    throw CommandException.At(i, 1, $"`{c}` would take part in brace expansion in bash; MountViz expands none. Quote it ('{c}') to use it literally.");
                case '~' when i == start:
                    throw CommandException.At(i, 1, "`~` (a home directory) is not expanded; lab paths start at / (the workspace root). Quote it ('~') to use it literally.");
                default:
                    text.Append(c);
                    i++;
                    break;
            }
        }

        if (i < line.Length && line[i] == '>' && !quoted && text.Length > 0 && text.ToString().All(char.IsAsciiDigit))
        {
            throw CommandException.At(start, i - start + 1, $"Redirecting file descriptor {text} is not supported; only `echo TEXT > FILE` and `>> FILE` write files.");
        }

        return new ShellToken(ShellTokenKind.Word, text.ToString(), start, i - start, quoted);
    }

    private static void ReadDoubleQuoted(string line, ref int i, StringBuilder text)
    {
        int open = i;
        i++;
        while (true)
        {
            if (i >= line.Length)
            {
                throw CommandException.At(open, 1, "This double quote is never closed: add the closing \".");
            }

            char c = line[i];
            switch (c)
            {
                case '"':
                    i++;
                    return;
                case '\\' when i + 1 < line.Length && line[i + 1] is '$' or '`' or '"' or '\\' or '\n':
                    if (line[i + 1] != '\n')
                    {
                        text.Append(line[i + 1]);
                    }

                    i += 2;
                    break;
                case '$':
                    CheckDollar(line, i);
                    text.Append(c);
                    i++;
                    break;
                case '`':
                    throw CommandException.At(i, 1, "Command substitution with backticks is not run: type the value itself.");
                default:
                    text.Append(c);
                    i++;
                    break;
            }
        }
    }

    // A '$' that a shell would expand is refused; a lone '$' (at the end, before a blank or
    // before a character that starts no expansion) is literal in every shell.
    private static void CheckDollar(string line, int i)
    {
        if (i + 1 >= line.Length)
        {
            return;
        }

        char next = line[i + 1];
        if (next == '(')
        {
            throw CommandException.At(i, 2, "Command substitution `$(...)` is not run: type the value itself.");
        }

        if (next == '\'')
        {
            throw CommandException.At(i, 2, "`$'...'` quoting is not supported: use '...' or \"...\".");
        }

        if (next == '{' || next == '_' || char.IsAsciiLetterOrDigit(next) || "@*#?$!-".Contains(next, StringComparison.Ordinal))
        {
            int end = i + 2;
            if (next == '{')
            {
                int close = line.IndexOf('}', i + 2);
                end = close < 0 ? i + 2 : close + 1;
            }
            else if (next == '_' || char.IsAsciiLetter(next))
            {
                while (end < line.Length && (line[end] == '_' || char.IsAsciiLetterOrDigit(line[end])))
                {
                    end++;
                }
            }

            string variable = line[i..end];
            string hint = variable is "$S" or "${S}"
                ? " Lab paths start at the workspace root: write /A where the propagation notes write $S/A."
                : " Type the value itself.";
            throw CommandException.At(i, end - i, $"Variables such as `{variable}` are not expanded.{hint}");
        }
    }
}
