using MountViz.Web.Components.Dashboard;

namespace MountViz.Web.Tests.Dashboard;

public sealed class CommandCompletionTests
{
    private static readonly (string, bool)[] Workspace = [("source1", true), ("source2", true), ("target1", true), ("notes.txt", false), ("my dir", true)];

    [Fact]
    public void Finds_the_word_before_the_caret()
    {
        Assert.Equal((13, "sou"), CommandCompletion.WordBefore("mount --bind sou", 16));
        Assert.Equal((13, "s"), CommandCompletion.WordBefore("mount --bind sou", 14));
        Assert.Equal((13, "/source1/ta"), CommandCompletion.WordBefore("mount --bind /source1/ta", 24));
        Assert.Equal((6, ""), CommandCompletion.WordBefore("mkdir ", 6));
    }

    [Fact]
    public void A_unique_directory_gets_its_slash_and_the_caret_stays_in_the_word()
    {
        CommandCompletion c = CommandCompletion.CompletePath("mount --bind ta", 15, Workspace);

        Assert.Equal("mount --bind target1/", c.Line);
        Assert.Equal(c.Line.Length, c.Caret);
        Assert.Empty(c.Candidates);
    }

    [Fact]
    public void A_unique_file_ends_the_word_and_the_rest_of_the_line_stays()
    {
        CommandCompletion c = CommandCompletion.CompletePath("echo hi > no", 12, Workspace);
        Assert.Equal("echo hi > notes.txt ", c.Line);
        Assert.Equal(c.Line.Length, c.Caret);

        CommandCompletion middle = CommandCompletion.CompletePath("mount --bind no target1", 15, Workspace);
        Assert.Equal("mount --bind notes.txt target1", middle.Line);
        Assert.Equal("mount --bind notes.txt ".Length, middle.Caret);
    }

    [Fact]
    public void An_ambiguous_prefix_extends_to_what_the_candidates_share_and_lists_them()
    {
        CommandCompletion c = CommandCompletion.CompletePath("mount --bind s", 14, Workspace);

        Assert.Equal("mount --bind source", c.Line);
        Assert.Equal(19, c.Caret);
        Assert.Equal<string>(["source1/", "source2/"], c.Candidates);

        // Nothing more to add: the line stays and the candidates are shown.
        CommandCompletion again = CommandCompletion.CompletePath(c.Line, c.Caret, Workspace);
        Assert.Equal(c.Line, again.Line);
        Assert.Equal<string>(["source1/", "source2/"], again.Candidates);
    }

    [Fact]
    public void Names_that_need_quotes_are_quoted_as_a_shell_would_read_them()
    {
        CommandCompletion c = CommandCompletion.CompletePath("mkdir /my", 9, Workspace);

        Assert.Equal("mkdir '/my dir/'", c.Line);
        Assert.Equal(c.Line.Length, c.Caret);
    }

    [Fact]
    public void No_match_leaves_the_line_as_it_is()
    {
        CommandCompletion c = CommandCompletion.CompletePath("umount zz", 9, Workspace);

        Assert.Equal("umount zz", c.Line);
        Assert.Empty(c.Candidates);
    }

    [Fact]
    public void The_first_word_completes_to_a_verb()
    {
        Assert.Equal("mount ", CommandCompletion.CompleteVerb("mou", 3).Line);
        Assert.Equal("pivot_root ", CommandCompletion.CompleteVerb("pi", 2).Line);
        Assert.Equal<string>(["umount", "unshare"], CommandCompletion.CompleteVerb("u", 1).Candidates);
        Assert.True(CommandCompletion.IsVerb("  mou", 2));
        Assert.False(CommandCompletion.IsVerb("mount so", 6));
    }

    [Theory]
    [InlineData("sou", ".", "", "sou")]
    [InlineData("/", "/", "/", "")]
    [InlineData("/sou", "/", "/", "sou")]
    [InlineData("source1/ta", "source1", "source1/", "ta")]
    [InlineData("/a/b/", "/a/b", "/a/b/", "")]
    public void Lists_the_directory_the_path_is_in(string word, string directory, string directoryPart, string prefix)
    {
        Assert.Equal((directory, directoryPart, prefix), CommandCompletion.DirectoryOf(word));
    }

    [Theory]
    [InlineData("--bind")]
    [InlineData("'quoted")]
    [InlineData("size=1m")]
    [InlineData(">")]
    public void Options_quoted_words_and_redirections_are_not_paths(string word)
    {
        Assert.Null(CommandCompletion.DirectoryOf(word));
    }
}
