using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Security;

/// <summary>DNS rebinding (foreign Host) and cross-site requests (foreign Origin), against the real server.</summary>
public class RequestOriginGuardTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/labs")]
    [InlineData("/css/site.css")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/hubs/mounts/negotiate?negotiateVersion=1")]
    public async Task A_foreign_host_is_refused_everywhere_even_with_the_token(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using var request = new HttpRequestMessage(path.StartsWith("/hubs", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Host = $"rebind.evil.example:{server.Port}";

        using HttpResponseMessage response = await server.Client.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        string detail = await response.ProblemDetailAsync(timeout.Token);
        Assert.Contains("rebind.evil.example", detail, StringComparison.Ordinal);
        Assert.Contains("DNS rebinding", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:{0}", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:{0}", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:1", HttpStatusCode.MisdirectedRequest)]
    [InlineData("localhost", HttpStatusCode.MisdirectedRequest)]
    public async Task Loopback_names_pass_only_with_the_servers_port(string host, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sources");
        request.Headers.Host = string.Format(System.Globalization.CultureInfo.InvariantCulture, host, server.Port);

        using HttpResponseMessage response = await server.Client.SendAsync(request, timeout.Token);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/labs")]
    [InlineData("DELETE", "/api/labs/000000a0")]
    [InlineData("POST", "/hubs/mounts/negotiate?negotiateVersion=1")]
    public async Task A_state_changing_request_from_a_foreign_origin_is_refused_with_the_token(string method, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", "http://evil.example");

        using HttpResponseMessage response = await server.Client.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        string detail = await response.ProblemDetailAsync(timeout.Token);
        Assert.Contains("http://evil.example", detail, StringComparison.Ordinal);
        Assert.Empty(backend.Engine.Calls); // nothing ran
    }

    [Theory]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1:{0}")]
    public async Task Origins_that_are_not_exactly_this_servers_are_refused(string origin)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/labs");
        request.Headers.Add("Origin", string.Format(System.Globalization.CultureInfo.InvariantCulture, origin, server.Port));

        using HttpResponseMessage response = await server.Client.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(backend.Engine.Calls);
    }

    [Fact]
    public async Task The_servers_own_origin_and_no_origin_may_post()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/labs");
        own.Headers.Add("Origin", $"http://127.0.0.1:{server.Port}");
        using var localhost = new HttpRequestMessage(HttpMethod.Post, "/api/labs");
        localhost.Headers.Add("Origin", $"http://localhost:{server.Port}");

        using HttpResponseMessage ownResponse = await server.Client.SendAsync(own, timeout.Token);
        using HttpResponseMessage localhostResponse = await server.Client.SendAsync(localhost, timeout.Token);
        using HttpResponseMessage noOrigin = await server.Client.PostAsync("/api/labs", null, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, ownResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, localhostResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, noOrigin.StatusCode);
        Assert.Equal(3, backend.Engine.Calls.Count);
    }

    [Fact]
    public async Task A_get_from_a_foreign_origin_still_needs_the_token_but_is_not_refused_for_its_origin()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sources");
        request.Headers.Add("Origin", "http://evil.example");

        using HttpResponseMessage response = await server.Client.SendAsync(request, timeout.Token);

        // Reading it would need CORS headers, which the server never sends.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_hub_websocket_from_a_foreign_origin_is_refused_and_from_its_own_accepted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        var url = new Uri($"ws://127.0.0.1:{server.Port}/hubs/mounts?access_token={RunningServer.Token}");

        using var foreign = new ClientWebSocket();
        foreign.Options.CollectHttpResponseDetails = true;
        foreign.Options.SetRequestHeader("Origin", "http://evil.example");
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(url, timeout.Token));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);

        using var own = new ClientWebSocket();
        own.Options.CollectHttpResponseDetails = true;
        own.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{server.Port}");
        await own.ConnectAsync(url, timeout.Token);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, own.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, own.State);
        await own.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    [Fact]
    public async Task The_signalr_client_cannot_connect_with_a_foreign_origin_over_websockets()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        await using HubConnection foreign = server.Hub(configure: o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.Headers["Origin"] = "http://evil.example";
        });
        await using HubConnection own = server.Hub(configure: o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.Headers["Origin"] = $"http://localhost:{server.Port}";
        });

        await Assert.ThrowsAnyAsync<Exception>(() => foreign.StartAsync(timeout.Token));
        await own.StartAsync(timeout.Token);

        Assert.Equal(HubConnectionState.Disconnected, foreign.State);
        Assert.Equal(HubConnectionState.Connected, own.State);
    }
}
