using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using MountViz.Core.Labs;
using MountViz.Linux.Labs;
using MountViz.Web.Cli.Screenshots;
using MountViz.Web.Hosting;
using MountViz.Web.Security;
using MountViz.Web.Tests.Scenarios;

namespace MountViz.Web.Tests.Experiments;

/// <summary>
/// The Experiments page in Debian's Chromium over the REAL engine (as root): a built-in scenario
/// stepped through with Next, Previous and Run all, every step green, and the lab deleted when
/// the page is left. Keeps screenshots (light 1280×800, dark 1920×1080) in $MOUNTVIZ_TEST_ARTIFACTS.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ExperimentsBrowserTests : IAsyncLifetime
{
    private const string Token = "experiments-test-token_0123456789";
    private const float Patience = 120_000;

    private readonly ScenarioSandbox _sandbox = new();
    private MountVizWebApplication _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private LabEngine Engine => _app.App.Services.GetRequiredService<LabEngine>();

    public async Task InitializeAsync()
    {
        _app = new MountVizWebApplication("http://127.0.0.1:0", services =>
        {
            services.AddSingleton(new LabEngineOptions { MountRoot = _sandbox.MountRoot });
            services.AddLogging(logging => logging.ClearProviders());
        }, AccessToken.FromUser(Token, AccessTokenOrigin.Option));
        await _app.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ScenarioScreenshots.ChromiumPath,
            Headless = true,
            Timeout = Patience,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _sandbox.Dispose();
    }

    private async Task<IPage> OpenAsync(int width, int height, ColorScheme scheme, string path)
    {
        IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
            BaseURL = _app.Addresses[0].ToString(),
        });
        context.SetDefaultTimeout(Patience);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync($"{path}?token={Token}");
        return page;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        if (TestArtifacts.Directory is string dir)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = false });
        }
    }

    [Fact]
    public async Task The_propagation_script_steps_through_in_the_browser_and_leaving_deletes_its_lab()
    {
        IPage page = await OpenAsync(1280, 800, ColorScheme.Light, "experiments");
        await page.Locator(".exp-card").First.WaitForAsync();
        Assert.Equal(6, await page.Locator(".exp-card").CountAsync());
        Assert.Equal("Experiments", (await page.Locator(".app-nav a.active").TextContentAsync())?.Trim());
        await ShotAsync(page, "experiments-list-light-1280.png");

        // Open the first scenario: its lab is created and the setup runs.
        await page.Locator(".exp-card h3 a").First.ClickAsync();
        await page.Locator(".exp-step[data-step='0']").WaitForAsync();
        LabInfo lab = Assert.Single(Engine.ListLabs());
        await page.Locator(".mount-graph[data-ready='true']").WaitForAsync();

        // Next, from the keyboard: focus the button and press Enter.
        await page.Locator(".exp-controls .btn-primary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".exp-step[data-step='1'].is-passed").WaitForAsync();
        await page.Locator(".exp-controls .btn-primary").ClickAsync();
        await page.Locator(".exp-step[data-step='2']").WaitForAsync();
        await ShotAsync(page, "experiments-step2-light-1280.png");

        // Previous: the record of step 1; the kernel is not rewound.
        await page.GetByRole(AriaRole.Button, new() { Name = "← Previous" }).ClickAsync();
        await page.Locator(".exp-step[data-step='1']").WaitForAsync();
        Assert.Contains("not rewound", await page.Locator(".exp-rewind-note").TextContentAsync(), StringComparison.Ordinal);

        // Run all: every remaining step, all green.
        await page.GetByRole(AriaRole.Button, new() { Name = "Run all" }).ClickAsync();
        await page.Locator(".exp-progress", new() { HasTextString = "finished" }).WaitForAsync();
        int steps = await page.Locator(".exp-step-pill").CountAsync();
        Assert.Equal(steps, await page.Locator(".exp-step-pill.is-passed").CountAsync());
        Assert.Contains("mount --bind", await page.Locator(".exp-script-text").TextContentAsync(), StringComparison.Ordinal);
        await page.Locator(".mount-graph[data-ready='true']").WaitForAsync();
        await ShotAsync(page, "experiments-finished-light-1280.png");
        Assert.NotNull(Engine.FindLab(lab.Id));

        // Leaving the page deletes the lab.
        await page.GetByRole(AriaRole.Link, new() { Name = "← All experiments" }).ClickAsync();
        await page.Locator(".exp-card").First.WaitForAsync();
        for (int i = 0; i < 100 && Engine.FindLab(lab.Id) is not null; i++)
        {
            await Task.Delay(100);
        }

        Assert.Null(Engine.FindLab(lab.Id));
        Assert.True(await ScenarioSandbox.HoldersGoneAsync(lab.Id), $"holders of lab {lab.Id} still run");
    }

    [Fact]
    public async Task The_isolation_scenario_at_1920_in_dark_shows_the_proc_lines_side_by_side()
    {
        IPage page = await OpenAsync(1920, 1080, ColorScheme.Dark, "experiments/isolation");
        await page.Locator(".exp-step[data-step='0']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run all" }).ClickAsync();
        await page.Locator(".exp-progress", new() { HasTextString = "finished" }).WaitForAsync();
        await page.Locator(".exp-step-pill").Last.ClickAsync();
        Assert.Equal(2, await page.Locator(".exp-show-ns").CountAsync());
        Assert.Matches(@"mnt:\[\d+\]", await page.Locator(".exp-show-ns h4").First.TextContentAsync());
        await page.Locator(".mount-graph[data-ready='true']").WaitForAsync();
        await ShotAsync(page, "experiments-isolation-dark-1920.png");
        await page.Locator(".exp-step-pill").Nth(2).ClickAsync();
        await ShotAsync(page, "experiments-isolation-step2-dark-1920.png");
        await page.GotoAsync("experiments/propagation-matrix");
        await page.Locator(".exp-step[data-step='0']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run all" }).ClickAsync();
        await page.Locator(".exp-progress", new() { HasTextString = "finished" }).WaitForAsync(new() { Timeout = 300_000 });
        Assert.Equal(9, await page.Locator(".exp-cell button.exp-cell-mark").CountAsync());
        await page.Locator(".exp-matrix").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "experiments-matrix-dark-1920.png");
    }
}
