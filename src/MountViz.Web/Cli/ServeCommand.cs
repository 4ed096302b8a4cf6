using System.CommandLine;
using MountViz.Web.Hosting;

namespace MountViz.Web.Cli;

/// <summary><c>mountviz serve [--urls URLS]</c>: runs the web dashboard until stopped.</summary>
internal static class ServeCommand
{
    /// <summary>The <c>serve</c> verb.</summary>
    public static Command Create()
    {
        var serve = new Command("serve", "Serve the web dashboard (the default when no command is given).");
        Configure(serve);
        return serve;
    }

    /// <summary>Gives <paramref name="command"/> the <c>--urls</c> option and the serve action.</summary>
    public static void Configure(Command command)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'. Loopback only unless you say otherwise.",
            DefaultValueFactory = _ => MountVizWebApplication.DefaultUrls,
            HelpName = "URLS",
        };
        command.Add(urls);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = new MountVizWebApplication(parseResult.GetRequiredValue(urls));
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
    }
}
