using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>Lab paths resolve lexically against the current directory and never climb above the workspace root.</summary>
public sealed class LabPathTests
{
    [Theory]
    [InlineData("/a/b", "/x", "/a/b")]
    [InlineData("a/b", "/x", "/x/a/b")]
    [InlineData("a/b", "/", "/a/b")]
    [InlineData(".", "/x/y", "/x/y")]
    [InlineData("..", "/x/y", "/x")]
    [InlineData("../../../..", "/x/y", "/")]
    [InlineData("/../../etc", "/x", "/etc")]
    [InlineData("a//b/./c/", "/", "/a/b/c")]
    [InlineData("a/../../b", "/x/y", "/x/b")]
    [InlineData("/", "/x", "/")]
    [InlineData("...", "/", "/...")]
    [InlineData("a b/c", "/d e", "/d e/a b/c")]
    [InlineData("x", "/a/../b/", "/b/x")]
    public void Resolves_against_the_current_directory(string path, string cwd, string expected)
    {
        Assert.Equal(expected, LabPath.Resolve(path, cwd));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("a\0b", "/")]
    [InlineData("a", "relative")]
    [InlineData("a", "")]
    public void Refuses_what_names_no_path(string path, string cwd)
    {
        Assert.Throws<ArgumentException>(() => LabPath.Resolve(path, cwd));
    }

    [Theory]
    [InlineData("/a/b", "/a", "/b")]
    [InlineData("/a", "/a", "/")]
    [InlineData("/a/b", "/", "/a/b")]
    [InlineData("/ab", "/a", null)]
    [InlineData("/a", "/a/b", null)]
    [InlineData("/a/./b/", "/a/", "/b")]
    public void Tells_a_path_relative_to_an_ancestor(string path, string ancestor, string? expected)
    {
        Assert.Equal(expected, LabPath.RelativeTo(path, ancestor));
    }

    [Fact]
    public void Path_lists_compare_by_content()
    {
        PathList a = ["x", "y"];
        PathList b = new(["x", "y"]);
        PathList c = ["y", "x"];

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal("x y", a.ToString());
        Assert.Throws<ArgumentException>(() => new PathList(["ok", ""]));
    }
}
