using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Web.Hosting;
using MountViz.Web.Security;

namespace MountViz.Web.Cli.Screenshots;

/// <summary>
/// The pictures of <c>mountviz scenario run --screenshots DIR</c>: after each step, the
/// dashboard's presentation mode (<c>/present?ns=...&amp;legend=1&amp;theme=light</c>) with
/// every namespace of the scenario's lab, captured by headless Chromium into
/// <c>DIR/NN-step-slug.png</c> (<c>00-setup.png</c> for the setup). The web app runs in this
/// process on 127.0.0.1 (a free port, a fresh token, no log output) over the SAME lab engine and
/// operations as the runner, so it sees the scenario's lab. Debian's Chromium is driven through
/// Playwright; no browser is downloaded.
/// </summary>
public sealed class ScenarioScreenshots : IAsyncDisposable
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Root in a container: no user-namespace sandbox; no GPU; nothing fetched from the network.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    // Hang guards for a loaded machine, not time limits: a large lab takes a while to lay out.
    private const float LoadTimeoutMs = 120_000;

    private readonly MountVizWebApplication _app;
    private readonly ILabEngine _engine;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;
    private bool _disposed;

    private ScenarioScreenshots(MountVizWebApplication app, ILabEngine engine, string directory)
    {
        _app = app;
        _engine = engine;
        Directory = directory;
    }

    /// <summary>Where the PNG files go.</summary>
    public string Directory { get; }

    /// <summary>The in-process server's address (for tests and messages).</summary>
    public Uri Address => _app.Addresses[0];

    /// <summary>
    /// Checks for Chromium (before anything runs), creates <paramref name="directory"/>, starts the
    /// web app over <paramref name="engine"/> and <paramref name="operations"/> and the browser.
    /// </summary>
    /// <exception cref="ScreenshotException">Chromium is missing, the directory cannot be made, or the app or the browser do not start.</exception>
    public static async Task<ScenarioScreenshots> StartAsync(LabEngine engine, LabOperations operations, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        EnsureChromium();
        string full = Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScreenshotException($"The screenshot directory {full} cannot be created: {e.Message}", e);
        }

        var app = new MountVizWebApplication("http://127.0.0.1:0", services =>
        {
            // The runner's engine and operations, not new ones: the pages must see its lab. Given
            // as instances, the container does not dispose them; their owner does.
            services.AddSingleton(engine);
            services.AddSingleton<ILabEngine>(engine);
            services.AddSingleton(operations);
            services.AddSingleton<ILabOperations>(operations);
            services.AddSingleton<IScenarioLabAccess>(new ScenarioLabAccess(engine));

            // The command's output is the scenario's report (or its JSON): no server log in it.
            services.AddLogging(logging => logging.ClearProviders());
        });
        var screenshots = new ScenarioScreenshots(app, engine, full);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await screenshots.StartBrowserAsync(app.AccessToken).ConfigureAwait(false);
            return screenshots;
        }
        catch (Exception e) when (e is PlaywrightException or IOException or InvalidOperationException or TimeoutException)
        {
            await screenshots.DisposeAsync().ConfigureAwait(false);
            throw new ScreenshotException($"The screenshot browser could not start ({ChromiumPath}): {e.Message}", e);
        }
        catch
        {
            await screenshots.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Throws when Chromium is not installed, with what to install.</summary>
    /// <exception cref="ScreenshotException">/usr/bin/chromium does not exist.</exception>
    public static void EnsureChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new ScreenshotException($"--screenshots needs Chromium at {ChromiumPath}, which is missing: install chromium (apt-get install chromium). Nothing ran.");
        }
    }

    /// <summary>The file name of a result's picture: <c>00-setup.png</c>, <c>03-bind-source2.png</c>.</summary>
    public static string FileNameOf(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Step is ScenarioStep step ? $"{step.Slug}.png" : "00-setup.png";
    }

    /// <summary>The presentation URL (relative) of every living namespace of <paramref name="lab"/>, light, with the legend.</summary>
    public static string PresentUrl(LabInfo lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        IEnumerable<string> ns = lab.Namespaces.Where(n => n.HolderAlive).Select(n => "ns=" + Uri.EscapeDataString(n.SourceId));
        return "present?" + string.Join("&", ns) + "&legend=1&theme=light";
    }

    /// <summary>
    /// Captures the lab of <paramref name="result"/> as it is now (call it right after the step)
    /// and returns the PNG's path.
    /// </summary>
    /// <exception cref="ScreenshotException">The lab is gone, or the page did not get ready in time.</exception>
    public async Task<string> CaptureAsync(StepResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IPage page = _page ?? throw new InvalidOperationException("The browser is not started.");
        LabInfo lab = _engine.FindLab(result.LabId)
            ?? throw new ScreenshotException($"The lab {result.LabId} of the scenario no longer exists, so {StepName(result)} cannot be pictured.");
        string path = Path.Combine(Directory, FileNameOf(result));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await page.GotoAsync(PresentUrl(lab), new PageGotoOptions { Timeout = LoadTimeoutMs }).ConfigureAwait(false);

            // The graph sets data-ready once every namespace is laid out and painted; the page's
            // error box carries it too, so a problem is pictured rather than waited on forever.
            await page.WaitForSelectorAsync("[data-ready='true']", new PageWaitForSelectorOptions { Timeout = LoadTimeoutMs, State = WaitForSelectorState.Attached }).ConfigureAwait(false);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = LoadTimeoutMs }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new ScreenshotException($"The screenshot of {StepName(result)} ({path}) could not be taken: {e.Message}", e);
        }

        return path;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (PlaywrightException)
        {
            // The browser already went away: nothing left to close.
        }
        finally
        {
            _playwright?.Dispose();
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartBrowserAsync(AccessToken token)
    {
        _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = LoadTimeoutMs,
            Args = ChromiumArgs,
        }).ConfigureAwait(false);
        IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = ColorScheme.Light,
            BaseURL = Address.ToString(),
        }).ConfigureAwait(false);
        _page = await context.NewPageAsync().ConfigureAwait(false);

        // The token link sets the access cookie (and redirects to the page without it); /present
        // without namespaces is the cheapest page to land on.
        await _page.GotoAsync("present?token=" + Uri.EscapeDataString(token.Value), new PageGotoOptions { Timeout = LoadTimeoutMs }).ConfigureAwait(false);
    }

    private static string StepName(StepResult result) =>
        result.Step is ScenarioStep step ? string.Create(CultureInfo.InvariantCulture, $"step {step.Number} ({step.Title})") : "the setup";
}
