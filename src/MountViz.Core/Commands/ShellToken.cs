namespace MountViz.Core.Commands;

/// <summary>What a <see cref="ShellToken"/> is.</summary>
public enum ShellTokenKind
{
    /// <summary>A word, with its quotes and escapes removed.</summary>
    Word,

    /// <summary><c>&gt;</c>: write the output to a file.</summary>
    RedirectOutput,

    /// <summary><c>&gt;&gt;</c>: append the output to a file.</summary>
    RedirectAppend,
}

/// <summary>A token of a command line and where it is, so errors and completion can point at it.</summary>
/// <param name="Kind">Word or redirection.</param>
/// <param name="Text">The word as the command sees it (quotes removed); the operator for redirections.</param>
/// <param name="Start">0-based index of its first character in the line.</param>
/// <param name="Length">Its length in the line, quotes included.</param>
/// <param name="Quoted">Whether any part of it was quoted or escaped.</param>
public sealed record ShellToken(ShellTokenKind Kind, string Text, int Start, int Length, bool Quoted = false)
{
    /// <summary>The index just after the token.</summary>
    public int End => Start + Length;
}
