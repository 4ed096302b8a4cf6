using System.Collections.Immutable;
using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// Tab completion of the command line: the word before the caret is a verb at the start of the
/// line, else a lab path completed from its directory's listing. Pure: the caller lists the
/// directory (<see cref="DirectoryOf"/>) and hands the entries in.
/// </summary>
/// <param name="Line">The line after completion.</param>
/// <param name="Caret">Where the caret goes.</param>
/// <param name="Candidates">What the word could become when it is ambiguous (directories end in <c>/</c>); empty otherwise.</param>
public sealed record CommandCompletion(string Line, int Caret, ImmutableArray<string> Candidates)
{
    /// <summary>The word before <paramref name="caret"/>: where it starts and its text (empty after a blank).</summary>
    public static (int Start, string Word) WordBefore(string line, int caret)
    {
        ArgumentNullException.ThrowIfNull(line);
        caret = Math.Clamp(caret, 0, line.Length);
        int start = caret;
        while (start > 0 && line[start - 1] is not (' ' or '\t'))
        {
            start--;
        }

        return (start, line[start..caret]);
    }

    /// <summary>True when the word at <paramref name="start"/> is the line's first, the verb.</summary>
    public static bool IsVerb(string line, int start) => line.AsSpan(0, start).Trim().IsEmpty;

    /// <summary>
    /// The directory to list for a path word (<c>"."</c>, the current directory, for a bare
    /// name), and the part of the name typed so far; null for words that are no path to
    /// complete (options, quoted words, redirections).
    /// </summary>
    public static (string Directory, string DirectoryPart, string Prefix)? DirectoryOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && (word[0] is '-' or '\'' or '"' or '>' || word.Contains('=', StringComparison.Ordinal)))
        {
            return null;
        }

        int slash = word.LastIndexOf('/');
        string directoryPart = slash < 0 ? "" : word[..(slash + 1)];
        string prefix = word[(slash + 1)..];
        string directory = directoryPart.Length == 0 ? "." : directoryPart.Length == 1 ? "/" : directoryPart.TrimEnd('/');
        return (directory, directoryPart, prefix);
    }

    /// <summary>Completes a verb from the command language's verbs.</summary>
    public static CommandCompletion CompleteVerb(string line, int caret)
    {
        (int start, string word) = WordBefore(line, caret);
        return Complete(line, start, caret, "", word, CommandSyntax.Verbs.Select(v => (v, false)));
    }

    /// <summary>Completes a path word from its directory's entries (name, is a directory).</summary>
    public static CommandCompletion CompletePath(string line, int caret, IEnumerable<(string Name, bool IsDirectory)> entries)
    {
        (int start, string word) = WordBefore(line, caret);
        (string _, string directoryPart, string prefix) = DirectoryOf(word) ?? throw new ArgumentException($"'{word}' is not a path to complete.", nameof(line));
        return Complete(line, start, caret, directoryPart, prefix, entries);
    }

    private static CommandCompletion Complete(string line, int start, int caret, string directoryPart, string prefix, IEnumerable<(string Name, bool IsDirectory)> entries)
    {
        caret = Math.Clamp(caret, 0, line.Length);
        var matches = entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return new CommandCompletion(line, caret, []);
        }

        string rest = line[caret..];
        if (matches.Count == 1)
        {
            (string name, bool isDirectory) = matches[0];
            string whole = directoryPart + name;
            string quoted = ShellQuote.Quote(whole);

            // A directory's slash stays inside the word so the next Tab goes on into it; a
            // file or verb ends the word (the caret lands after its blank). A quoted word keeps
            // its closing quote last.
            if (isDirectory)
            {
                string insert = quoted == whole ? whole + "/" : ShellQuote.Quote(whole + "/");
                return new CommandCompletion(line[..start] + insert + rest, start + insert.Length, []);
            }

            string ended = rest.StartsWith(' ') ? quoted : quoted + " ";
            return new CommandCompletion(line[..start] + ended + rest, start + quoted.Length + 1, []);
        }

        string common = matches[0].Name;
        foreach ((string name, bool _) in matches)
        {
            int i = 0;
            while (i < common.Length && i < name.Length && common[i] == name[i])
            {
                i++;
            }

            common = common[..i];
        }

        ImmutableArray<string> candidates = [.. matches.Select(m => m.IsDirectory ? m.Name + "/" : m.Name)];
        string extended = directoryPart + common;
        if (common.Length <= prefix.Length || ShellQuote.Quote(extended) != extended)
        {
            return new CommandCompletion(line, caret, candidates);
        }

        return new CommandCompletion(line[..start] + extended + rest, start + extended.Length, candidates);
    }
}
