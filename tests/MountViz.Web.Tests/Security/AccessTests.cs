using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Security;

/// <summary>The access token, the cookie flow and the page gate, against the real server.</summary>
public class AccessTests
{
    [Fact]
    public async Task An_api_call_without_a_token_is_401_with_how_to_get_one()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();

        using HttpResponseMessage response = await anonymous.GetAsync("/api/labs", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        string detail = await response.ProblemDetailAsync(timeout.Token);
        Assert.Contains("no access token", detail, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer TOKEN", detail, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{server.Port}/?token=", detail, StringComparison.Ordinal);
        Assert.Contains("--token", detail, StringComparison.Ordinal);
        Assert.Contains("MOUNTVIZ_TOKEN", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer", "wrong-token")]
    [InlineData("Bearer", RunningServer.Token + "x")]
    [InlineData("Basic", RunningServer.Token)]
    public async Task An_api_call_with_a_wrong_token_or_scheme_is_401(string scheme, string value)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);

        using HttpResponseMessage response = await client.GetAsync("/api/sources", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string detail = await response.ProblemDetailAsync(timeout.Token);
        Assert.Contains(scheme == "Bearer" ? "is not this server's" : "must be `Bearer TOKEN`", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_bearer_token_opens_the_api()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);

        using HttpResponseMessage response = await server.Client.GetAsync("/api/sources", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_token_in_a_query_string_does_not_open_the_api()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();

        using HttpResponseMessage access = await anonymous.GetAsync($"/api/sources?access_token={RunningServer.Token}", timeout.Token);
        using HttpResponseMessage link = await anonymous.GetAsync($"/api/sources?token={RunningServer.Token}", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, access.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, link.StatusCode);
    }

    [Fact]
    public async Task The_page_without_a_token_says_to_open_the_printed_url_and_shows_no_data()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using HttpResponseMessage response = await anonymous.GetAsync("/", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string html = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("Open the link MountViz printed at start", html, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{server.Port}/?token=...", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-mount-id", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/mnt/a", html, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningServer.Token, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_opens_with_a_bearer_token()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);

        string html = await server.Client.GetStringAsync("/table", timeout.Token);

        Assert.Contains("data-mount-id=\"5\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_printed_link_sets_a_strict_httponly_cookie_and_redirects_to_the_page_without_the_token()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        var cookies = new CookieContainer();
        using HttpClient browser = server.NewClient(handler: new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

        using HttpResponseMessage link = await browser.GetAsync($"/?token={RunningServer.Token}&keep=1", timeout.Token);

        Assert.Equal(HttpStatusCode.Found, link.StatusCode);
        Assert.Equal("/?keep=1", link.Headers.Location?.OriginalString);
        string setCookie = Assert.Single(link.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"mountviz-token-{server.Port}={RunningServer.Token};", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);

        // The cookie now opens the pages (the host table among them), the API and the hub.
        using HttpResponseMessage page = await browser.GetAsync("/table?keep=1", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-mount-id=\"5\"", await page.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);

        using HttpResponseMessage api = await browser.GetAsync("/api/sources", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);

        await using HubConnection hub = server.Hub(token: null, configure: o => o.Cookies = cookies);
        await hub.StartAsync(timeout.Token);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task A_link_with_a_wrong_token_sets_no_cookie()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        var cookies = new CookieContainer();
        using HttpClient browser = server.NewClient(handler: new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

        using HttpResponseMessage link = await browser.GetAsync("/?token=not-the-token", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, link.StatusCode);
        Assert.False(link.Headers.Contains("Set-Cookie"));
        Assert.Contains("The token in this link is not this server", await link.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Empty(cookies.GetAllCookies());
    }

    [Fact]
    public async Task A_stale_cookie_is_401()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        var cookies = new CookieContainer();
        cookies.Add(server.Address, new Cookie($"mountviz-token-{server.Port}", "token-of-an-earlier-start"));
        using HttpClient browser = server.NewClient(handler: new HttpClientHandler { CookieContainer = cookies });

        using HttpResponseMessage api = await browser.GetAsync("/api/sources", timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("cookie", await api.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_needs_the_token()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        await using HubConnection anonymous = server.Hub(token: null);
        await using HubConnection wrong = server.Hub(token: "wrong-token");
        await using HubConnection right = server.Hub();

        HttpRequestException none = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(timeout.Token));
        HttpRequestException bad = await Assert.ThrowsAsync<HttpRequestException>(() => wrong.StartAsync(timeout.Token));
        await right.StartAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HubConnectionState.Connected, right.State);
    }

    [Fact]
    public async Task The_hub_takes_the_token_as_signalrs_access_token_query_parameter()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();

        using HttpResponseMessage withQuery = await anonymous.PostAsync($"/hubs/mounts/negotiate?negotiateVersion=1&access_token={RunningServer.Token}", null, timeout.Token);
        using HttpResponseMessage wrongQuery = await anonymous.PostAsync("/hubs/mounts/negotiate?negotiateVersion=1&access_token=wrong", null, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
        Assert.Contains("connectionToken", await withQuery.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongQuery.StatusCode);
    }

    [Fact]
    public async Task Static_files_need_no_token_and_unknown_paths_stay_404()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();

        using HttpResponseMessage css = await anonymous.GetAsync("/css/site.css", timeout.Token);
        using HttpResponseMessage missing = await anonymous.GetAsync("/js/no-such-bundle.js", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
