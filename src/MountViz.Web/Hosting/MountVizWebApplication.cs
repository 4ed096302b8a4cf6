using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;
using MountViz.Core.Sources;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Linux.Sources;
using MountViz.Web.Api;
using MountViz.Web.Components;
using MountViz.Web.Hubs;
using MountViz.Web.Mounts;
using MountViz.Web.Security;

namespace MountViz.Web.Hosting;

/// <summary>
/// Builds and runs the MountViz web server. Tests construct it with a hook that registers
/// fakes before the real services are added (the real ones use <c>TryAdd*</c>, so a fake wins).
/// </summary>
public sealed class MountVizWebApplication : IAsyncDisposable
{
    /// <summary>Where <c>mountviz serve</c> listens unless told otherwise: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the app; nothing listens until <see cref="StartAsync"/> or <see cref="RunAsync(CancellationToken)"/>.</summary>
    /// <param name="urls">Addresses to listen on, separated by <c>;</c>. Port 0 picks a free port.</param>
    /// <param name="configureServices">Runs before the real services are added: register fakes here.</param>
    /// <param name="accessToken">The token every API call, the hub and the page need; null generates one.</param>
    public MountVizWebApplication(string urls = DefaultUrls, Action<IServiceCollection>? configureServices = null, AccessToken? accessToken = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(urls);
        AccessToken = accessToken ?? AccessToken.Generate();
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
        AddServices(builder.Services, urls, AccessToken);

        WebApplication app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            // The API and the hub answer an unexpected failure with problem details (no internals);
            // pages with the error page.
            app.UseWhen(c => AccessDefaults.IsMachinePath(c.Request.Path), api => api.UseExceptionHandler());
            app.UseWhen(c => !AccessDefaults.IsMachinePath(c.Request.Path), pages => pages.UseExceptionHandler("/error", createScopeForErrors: true));
        }

        // Host and Origin first: a rebinding page gets nothing, not even the css.
        app.UseRequestOriginGuard();

        // Static files (css, images, bundles) hold no data about the machine; the access page uses them.
        app.UseStaticFiles();
        app.UseMountVizAccess();
        app.UseAntiforgery();

        app.MapOpenApi(OpenApiSetup.DocumentPath);
        app.MapMountVizApi();
        app.MapHub<MountsHub>(MountsHub.Path).RequireAuthorization();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
        App = app;
    }

    /// <summary>The ASP.NET Core application (for its services and configuration).</summary>
    public WebApplication App { get; }

    /// <summary>The token every API call, the hub and the page need.</summary>
    public AccessToken AccessToken { get; }

    /// <summary>The addresses the server listens on, with real ports once started.</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => new Uri(a))];

    /// <summary>
    /// The URLs to open in a browser, with the token (<c>http://127.0.0.1:5080/?token=...</c>);
    /// a wildcard address (0.0.0.0, [::]) becomes 127.0.0.1. Meaningful once started.
    /// </summary>
    public IReadOnlyList<Uri> OpenUrls => StartupBanner.OpenUrls(Addresses, AccessToken);

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Stops listening, letting requests in flight finish.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => RunAsync(TextWriter.Null, cancellationToken);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires or the process is asked to stop;
    /// once listening, writes the URL to open (with the token) to <paramref name="output"/>.
    /// </summary>
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await App.StartAsync(cancellationToken).ConfigureAwait(false);
        StartupBanner.Write(output, Addresses, AccessToken);
        await App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await App.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => App.DisposeAsync();

    private static void AddServices(IServiceCollection services, string urls, AccessToken token)
    {
        services.AddMountVizAccess(token, HostPolicy.FromUrls(urls));
        services.ConfigureHttpJsonOptions(options => ApiJson.Apply(options.SerializerOptions, indented: true));
        services.AddProblemDetails();
        services.AddMountVizOpenApi();
        services.AddSignalR().AddJsonProtocol(options => ApiJson.Apply(options.PayloadSerializerOptions, indented: false));

        services.TryAddSingleton<IHostMountTableReader, ProcSelfMountTableReader>();

        // The kernel side: one engine for the process, its executor and the live sources; the
        // container disposes them in reverse order (sources, operations, then the engine, whose
        // holders die with it).
        services.TryAddSingleton(_ => new LabEngineOptions());
        services.TryAddSingleton<LabEngine>(sp => new LabEngine(sp.GetRequiredService<LabEngineOptions>()));
        services.TryAddSingleton<ILabEngine>(sp => sp.GetRequiredService<LabEngine>());
        services.TryAddSingleton<LabOperations>(sp => new LabOperations(sp.GetRequiredService<LabEngine>()));
        services.TryAddSingleton<ILabOperations>(sp => sp.GetRequiredService<LabOperations>());

        // What scenarios read and copy beyond operations (/proc lines, files, busybox), over the same engine.
        services.TryAddSingleton<IScenarioLabAccess>(sp => new ScenarioLabAccess(sp.GetRequiredService<LabEngine>()));

        services.TryAddSingleton(_ => new MountSourcesOptions());
        services.TryAddSingleton<MountSources>(sp => new MountSources(sp.GetRequiredService<ILabEngine>(), sp.GetRequiredService<MountSourcesOptions>()));
        services.TryAddSingleton<IMountSources>(sp => sp.GetRequiredService<MountSources>());

        services.AddRazorComponents().AddInteractiveServerComponents();
    }
}
