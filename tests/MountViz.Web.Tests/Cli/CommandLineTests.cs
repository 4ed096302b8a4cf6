using System.CommandLine;
using MountViz.Web.Cli;
using MountViz.Web.Hosting;

namespace MountViz.Web.Tests.Cli;

public class CommandLineTests
{
    [Fact]
    public void No_verb_serves_on_loopback_port_5080_by_default()
    {
        RootCommand root = MountVizCommandLine.Create();

        ParseResult result = root.Parse([]);

        Assert.Empty(result.Errors);
        Assert.Same(root, result.CommandResult.Command);
        Assert.NotNull(root.Action);
        Assert.Equal("http://127.0.0.1:5080", MountVizWebApplication.DefaultUrls);
        Assert.Equal(MountVizWebApplication.DefaultUrls, result.GetValue<string>("--urls"));
    }

    [Fact]
    public void Serve_takes_urls()
    {
        ParseResult result = MountVizCommandLine.Create().Parse(["serve", "--urls", "http://127.0.0.1:5099"]);

        Assert.Empty(result.Errors);
        Assert.Equal("serve", result.CommandResult.Command.Name);
        Assert.Equal("http://127.0.0.1:5099", result.GetValue<string>("--urls"));
    }

    [Fact]
    public void Help_lists_both_verbs()
    {
        var output = new StringWriter();
        int exitCode = MountVizCommandLine.Create().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        Assert.Contains("serve", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("show", output.ToString(), StringComparison.Ordinal);
    }
}
