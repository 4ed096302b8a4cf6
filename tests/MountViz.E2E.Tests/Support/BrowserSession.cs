using System.Text;
using Microsoft.Playwright;

namespace MountViz.E2E.Tests.Support;

/// <summary>
/// One test's browser context and page, and the labs it made. Disposing saves a last
/// screenshot (for a failure's post-mortem), closes the context and deletes the labs.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly StringBuilder _console = new();
    private readonly List<string> _labs = [];

    private BrowserSession(DashboardServer server, IBrowserContext context, IPage page, string name)
    {
        Server = server;
        Context = context;
        Page = page;
        Name = name;
    }

    /// <summary>The shared server and browser.</summary>
    public DashboardServer Server { get; }

    /// <summary>This test's context (its own cookies).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Names the artifacts of this session.</summary>
    public string Name { get; }

    /// <summary>Browser console errors and page errors so far, for failure messages.</summary>
    public string ConsoleErrors
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    /// <summary>Opens a page in <paramref name="context"/>; the session owns both.</summary>
    internal static async Task<BrowserSession> StartAsync(DashboardServer server, IBrowserContext context, string name)
    {
        IPage page = await context.NewPageAsync();
        var session = new BrowserSession(server, context, page, name);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.Log($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => session.Log($"page error: {error}");
        return session;
    }

    /// <summary>Deletes <paramref name="labId"/> when the session ends.</summary>
    public void Owns(string labId) => _labs.Add(labId);

    /// <summary>Saves a screenshot of the page as <c>NAME.png</c> in the artifacts directory; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string fileName)
    {
        string path = Artifacts.PathOf(fileName);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Timeout = 60_000 });
        return path;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Page.IsClosed)
            {
                await ScreenshotAsync($"{Name}-last.png");
            }
        }
        catch (PlaywrightException)
        {
            // A post-mortem picture is a nicety; a page that cannot take one must not hide the test's own failure.
        }
        finally
        {
            await Context.CloseAsync();
            foreach (string lab in _labs)
            {
                await Server.DeleteLabAsync(lab);
            }
        }
    }

    private void Log(string line)
    {
        lock (_console)
        {
            _console.AppendLine(line);
        }
    }
}
