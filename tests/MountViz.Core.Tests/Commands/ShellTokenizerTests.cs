using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>Words are split and unquoted as a POSIX shell does, with positions kept for errors and completion.</summary>
public sealed class ShellTokenizerTests
{
    [Theory]
    [InlineData("a b\tc", new[] { "a", "b", "c" })]
    [InlineData("'a b' \"c d\" e\\ f", new[] { "a b", "c d", "e f" })]
    [InlineData("'it'\\''s'", new[] { "it's" })]
    [InlineData("\"a\\\"b\\\\c\\$d\\`e\\x\"", new[] { "a\"b\\c$d`e\\x" })]
    [InlineData("'a\\b' \"\"  ''", new[] { "a\\b", "", "" })]
    [InlineData("ab'cd'\"ef\"gh", new[] { "abcdefgh" })]
    [InlineData("a#b #c d", new[] { "a#b" })]
    [InlineData("'#a' \\#b", new[] { "#a", "#b" })]
    [InlineData("\"multi\nline\"", new[] { "multi\nline" })]
    [InlineData("$ a$ \"$\" 'x$y'", new[] { "$", "a$", "$", "x$y" })]
    [InlineData("a=b,c:d@e%f+g", new[] { "a=b,c:d@e%f+g" })]
    [InlineData("x~ \"~\" !bang", new[] { "x~", "~", "!bang" })]
    [InlineData("", new string[0])]
    public void Splits_and_unquotes_words(string line, string[] words)
    {
        Assert.True(ShellTokenizer.TryTokenize(line, out var tokens, out var error), error?.ToString());
        Assert.Equal(words, tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(ShellTokenKind.Word, t.Kind));
    }

    [Fact]
    public void Keeps_where_each_token_is_in_the_line()
    {
        Assert.True(ShellTokenizer.TryTokenize("echo 'a b' >>f >g", out var tokens, out _));

        Assert.Equal(
            [
                new ShellToken(ShellTokenKind.Word, "echo", 0, 4),
                new ShellToken(ShellTokenKind.Word, "a b", 5, 5, Quoted: true),
                new ShellToken(ShellTokenKind.RedirectAppend, ">>", 11, 2),
                new ShellToken(ShellTokenKind.Word, "f", 13, 1),
                new ShellToken(ShellTokenKind.RedirectOutput, ">", 15, 1),
                new ShellToken(ShellTokenKind.Word, "g", 16, 1),
            ],
            tokens);
        Assert.Equal(10, tokens[1].End);
    }

    [Fact]
    public void A_quoted_redirection_or_operator_is_a_word()
    {
        Assert.True(ShellTokenizer.TryTokenize("'>' \";\" '|' '&&' '$(x)'", out var tokens, out _));

        Assert.Equal([">", ";", "|", "&&", "$(x)"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(ShellTokenKind.Word, t.Kind));
    }

    [Fact]
    public void Reports_the_first_problem_with_its_position()
    {
        Assert.False(ShellTokenizer.TryTokenize("mount a; b", out var tokens, out var error));

        Assert.Null(tokens);
        Assert.Equal((7, 1), (error.Start, error.Length));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("it's")]
    [InlineData("'")]
    [InlineData("\"")]
    [InlineData("a\\b")]
    [InlineData("$HOME")]
    [InlineData("`x`")]
    [InlineData("*?[]{}~#!;&|<>()")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("ünï")]
    [InlineData("\uDCFF")]
    [InlineData("-n")]
    public void Reads_back_every_quoted_word_unchanged(string word)
    {
        Assert.True(ShellTokenizer.TryTokenize(ShellQuote.Quote(word), out var tokens, out var error), error?.ToString());
        Assert.Equal(word, Assert.Single(tokens).Text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("/a/b-c_d.e", "/a/b-c_d.e")]
    [InlineData("a=b,c:d@e%f+g", "a=b,c:d@e%f+g")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("~x", "'~x'")]
    [InlineData("#x", "'#x'")]
    [InlineData("é", "'é'")]
    public void Quotes_only_what_needs_quoting(string word, string quoted)
    {
        Assert.Equal(quoted, ShellQuote.Quote(word));
    }
}
