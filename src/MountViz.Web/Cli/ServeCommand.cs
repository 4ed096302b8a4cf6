using System.CommandLine;
using MountViz.Web.Hosting;
using MountViz.Web.Security;

namespace MountViz.Web.Cli;

/// <summary><c>mountviz serve [--urls URLS] [--token TOKEN]</c>: runs the web dashboard until stopped.</summary>
internal static class ServeCommand
{
    /// <summary>The exit code when the options cannot be used (a bad token).</summary>
    public const int ExitUsage = 1;

    /// <summary>The <c>serve</c> verb.</summary>
    public static Command Create()
    {
        var serve = new Command("serve", "Serve the web dashboard (the default when no command is given).");
        Configure(serve);
        return serve;
    }

    /// <summary>Gives <paramref name="command"/> the <c>--urls</c> and <c>--token</c> options and the serve action.</summary>
    public static void Configure(Command command)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'. Loopback only unless you say otherwise.",
            DefaultValueFactory = _ => MountVizWebApplication.DefaultUrls,
            HelpName = "URLS",
        };
        var token = new Option<string?>("--token")
        {
            Description = $"The access token the API, the hub and the page need (letters, digits, '-', '.', '_', '~'). Default: ${AccessToken.EnvironmentVariable}, else a new random token printed at start inside the URL to open.",
            HelpName = "TOKEN",
        };
        command.Add(urls);
        command.Add(token);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            AccessToken accessToken;
            try
            {
                accessToken = AccessToken.Resolve(parseResult.GetValue(token), Environment.GetEnvironmentVariable(AccessToken.EnvironmentVariable));
            }
            catch (ArgumentException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"mountviz: {e.Message}").ConfigureAwait(false);
                return ExitUsage;
            }

            await using var app = new MountVizWebApplication(parseResult.GetRequiredValue(urls), accessToken: accessToken);
            await app.RunAsync(parseResult.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            return 0;
        });
    }
}
