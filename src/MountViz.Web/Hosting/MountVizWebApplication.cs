using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MountViz.Web.Components;
using MountViz.Web.Mounts;

namespace MountViz.Web.Hosting;

/// <summary>
/// Builds and runs the MountViz web server. Tests construct it with a hook that registers
/// fakes before the real services are added (the real ones use <c>TryAdd*</c>, so a fake wins).
/// </summary>
public sealed class MountVizWebApplication : IAsyncDisposable
{
    /// <summary>Where <c>mountviz serve</c> listens unless told otherwise: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the app; nothing listens until <see cref="StartAsync"/> or <see cref="RunAsync"/>.</summary>
    /// <param name="urls">Addresses to listen on, separated by <c>;</c>. Port 0 picks a free port.</param>
    /// <param name="configureServices">Runs before the real services are added: register fakes here.</param>
    public MountVizWebApplication(string urls = DefaultUrls, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(urls);
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Command-line parsing is System.CommandLine's job; the host gets no args.
            Args = [],
            ApplicationName = typeof(MountVizWebApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = WebRootLocator.Find(),
        });
        builder.WebHost.UseUrls(urls);

        // The framework's own files (_framework/blazor.web.js) come from the static web assets
        // manifest next to the executable in a build, and from publish/wwwroot in a publish.
        // The host loads that manifest only in Development; a build run as Production needs it too.
        builder.WebHost.UseStaticWebAssets();

        configureServices?.Invoke(builder.Services);
        builder.Services.TryAddSingleton<IHostMountTableReader, ProcSelfMountTableReader>();
        builder.Services.AddRazorComponents();

        WebApplication app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        App = app;
    }

    /// <summary>The ASP.NET Core application (for its services and configuration).</summary>
    public WebApplication App { get; }

    /// <summary>The addresses the server listens on, with real ports once started.</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => new Uri(a))];

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Stops listening, letting requests in flight finish.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await App.StartAsync(cancellationToken).ConfigureAwait(false);
        await App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await App.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => App.DisposeAsync();
}
