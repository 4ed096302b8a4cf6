using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Web.Hosting;
using MountViz.Web.Hubs;
using MountViz.Web.Security;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>
/// The real server (Kestrel on 127.0.0.1, a free port) with a known token; fakes registered
/// through the hook win over the real services (TryAdd*). Stopped and disposed on dispose.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    public const string Token = "test-token_0123456789-abcdef";

    private RunningServer(MountVizWebApplication app)
    {
        App = app;
        Address = app.Addresses.Single();
        Client = NewClient(Token);
    }

    public MountVizWebApplication App { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>A client that sends the right token.</summary>
    public HttpClient Client { get; }

    public static async Task<RunningServer> StartAsync(Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var app = new MountVizWebApplication("http://127.0.0.1:0", services, AccessToken.FromUser(Token, AccessTokenOrigin.Option));
        try
        {
            await app.StartAsync(cancellationToken);
            return new RunningServer(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client that sends <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient NewClient(string? token = null, HttpMessageHandler? handler = null)
    {
        HttpClient client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        client.BaseAddress = Address;
        client.Timeout = TimeSpan.FromSeconds(60);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A SignalR connection to the hub with <paramref name="token"/> (none when null).</summary>
    public HubConnection Hub(string? token = Token, Action<HttpConnectionOptions>? configure = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, MountsHub.Path), options =>
            {
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                configure?.Invoke(options);
            })
            .Build();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
