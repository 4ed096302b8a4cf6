using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using MountViz.Web.Cli;
using MountViz.Web.Hosting;
using MountViz.Web.Security;

namespace MountViz.Web.Tests.Security;

/// <summary><c>mountviz serve --token</c> and the URL it prints at start.</summary>
public class ServeTokenTests
{
    [Fact]
    public void Serve_and_the_default_verb_take_a_token()
    {
        RootCommand root = MountVizCommandLine.Create();

        ParseResult serve = root.Parse(["serve", "--token", "abc"]);
        ParseResult bare = root.Parse(["--token", "abc"]);

        Assert.Empty(serve.Errors);
        Assert.Equal("abc", serve.GetValue<string?>("--token"));
        Assert.Empty(bare.Errors);
        Assert.Equal("abc", bare.GetValue<string?>("--token"));
        Assert.Null(root.Parse(["serve"]).GetValue<string?>("--token"));
    }

    [Fact]
    public async Task Serve_prints_the_url_to_open_with_the_token_and_that_url_opens_the_dashboard()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        Task<int> serving = MountVizCommandLine.Create()
            .Parse(["serve", "--urls", "http://127.0.0.1:0", "--token", "cli-token-0123"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop.Token);
        try
        {
            string line = await output.WaitForLineAsync("Open ", timeout.Token);
            var url = new Uri(line["Open ".Length..]);

            Assert.Equal("127.0.0.1", url.Host);
            Assert.NotEqual(0, url.Port);
            Assert.Equal("/", url.AbsolutePath);
            Assert.Equal("?token=cli-token-0123", url.Query);
            Assert.Contains($"MountViz is listening on http://127.0.0.1:{url.Port}", output.Text, StringComparison.Ordinal);
            Assert.Contains("the one given with --token", output.Text, StringComparison.Ordinal);

            var cookies = new CookieContainer();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
            using HttpResponseMessage page = await browser.GetAsync(url, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("/", page.RequestMessage!.RequestUri!.PathAndQuery);
            Assert.Contains(cookies.GetAllCookies(), c => c.Name == $"mountviz-token-{url.Port}" && c.HttpOnly);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await serving);
        }

        Assert.Equal(string.Empty, error.Text);
    }

    [Fact]
    public async Task Serve_with_an_unusable_token_exits_1_saying_why()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new WatchedWriter();
        var error = new WatchedWriter();

        int exit = await MountVizCommandLine.Create()
            .Parse(["serve", "--urls", "http://127.0.0.1:0", "--token", "two words"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token);

        Assert.Equal(1, exit);
        Assert.Contains("--token", error.Text, StringComparison.Ordinal);
        Assert.Contains("U+0020", error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Open ", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_url_to_open_names_127_0_0_1_for_a_wildcard_address_and_keeps_explicit_ones()
    {
        AccessToken token = AccessToken.FromUser("t0k", AccessTokenOrigin.Option);

        IReadOnlyList<Uri> urls = StartupBanner.OpenUrls(
            [new Uri("http://0.0.0.0:5080"), new Uri("http://[::]:5081"), new Uri("http://[::1]:5082"), new Uri("http://localhost:5083")],
            token);

        Assert.Equal(
            ["http://127.0.0.1:5080/?token=t0k", "http://127.0.0.1:5081/?token=t0k", "http://[::1]:5082/?token=t0k", "http://localhost:5083/?token=t0k"],
            urls.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void A_generated_token_is_printed_with_how_to_keep_one()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        AccessToken token = AccessToken.Generate();

        StartupBanner.Write(output, [new Uri("http://127.0.0.1:5080")], token);

        Assert.Contains($"Open http://127.0.0.1:5080/?token={token.Value}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--token TOKEN or set MOUNTVIZ_TOKEN", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A writer the server writes to on its own thread while the test waits for a line.</summary>
    private sealed class WatchedWriter : TextWriter
    {
        private readonly Lock _sync = new();
        private readonly StringBuilder _text = new();
        private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_sync)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            TaskCompletionSource written;
            lock (_sync)
            {
                _text.Append(value);
                written = _written;
                _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            written.TrySetResult();
        }

        public async Task<string> WaitForLineAsync(string prefix, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task next;
                lock (_sync)
                {
                    string? line = _text.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.EndsWith('\r') is false);
                    if (line is not null && _text.ToString().Contains(line + Environment.NewLine, StringComparison.Ordinal))
                    {
                        return line;
                    }

                    next = _written.Task;
                }

                await next.WaitAsync(cancellationToken);
            }
        }
    }
}
