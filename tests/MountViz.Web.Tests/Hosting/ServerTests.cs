using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Web.Hosting;
using MountViz.Web.Mounts;
using MountViz.Web.Security;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Hosting;

/// <summary>The real server (Kestrel on 127.0.0.1, a free port), as a browser reaches it.</summary>
public class ServerTests
{
    // The page needs the access token (Security/AccessTests covers the token itself).
    private static readonly AccessToken Token = AccessToken.FromUser("server-tests-token", AccessTokenOrigin.Option);

    [Fact]
    public async Task Serves_the_page_the_bundles_the_css_and_the_blazor_script_on_loopback()
    {
        var reader = new FixedMountTableReader(SampleMountinfo.Table());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new MountVizWebApplication("http://127.0.0.1:0", services => services.AddSingleton<IHostMountTableReader>(reader), Token);
        await server.StartAsync(timeout.Token);
        try
        {
            Uri address = Assert.Single(server.Addresses);
            Assert.Equal("127.0.0.1", address.Host);
            Assert.NotEqual(0, address.Port);
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token.Value);

            using HttpResponseMessage page = await client.GetAsync("/table", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            string html = await page.Content.ReadAsStringAsync(timeout.Token);
            Assert.Contains("data-mount-id=\"5\"", html, StringComparison.Ordinal); // the hook's table, not this machine's
            Assert.Contains("shared+slave", html, StringComparison.Ordinal);
            Assert.Contains("<script type=\"module\" src=\"js/page.js\"></script>", html, StringComparison.Ordinal);

            using HttpResponseMessage graph = await client.GetAsync("/js/graph.js", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, graph.StatusCode);
            Assert.Equal("text/javascript", graph.Content.Headers.ContentType?.MediaType);
            string bundle = await graph.Content.ReadAsStringAsync(timeout.Token);
            Assert.Contains("cytoscapeVersion", bundle, StringComparison.Ordinal);
            Assert.Contains("sourceMappingURL=graph.js.map", bundle, StringComparison.Ordinal);

            foreach (string path in (string[])["/js/page.js", "/js/graph.js.map", "/css/site.css", "/images/favicon.svg", "/_framework/blazor.web.js"])
            {
                using HttpResponseMessage response = await client.GetAsync(path, timeout.Token);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
            }
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Without_a_hook_the_page_shows_this_machines_own_mount_table()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new MountVizWebApplication("http://127.0.0.1:0", accessToken: Token);
        await server.StartAsync(timeout.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = server.Addresses[0] };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token.Value);

            string html = await client.GetStringAsync("/table", timeout.Token);

            Assert.Contains("<code>/proc/self/mountinfo</code>", html, StringComparison.Ordinal);
            Assert.Contains("<span class=\"target\">/proc</span>", html, StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Unknown_paths_are_404()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new MountVizWebApplication("http://127.0.0.1:0");
        await server.StartAsync(timeout.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = server.Addresses[0] };

            using HttpResponseMessage response = await client.GetAsync("/js/no-such-bundle.js", timeout.Token);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }
}
