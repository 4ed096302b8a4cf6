using Microsoft.Playwright;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Screenshots;

/// <summary>
/// Screenshots of the main views at 1280x800 and 1920x1080, light and dark, as artifacts
/// (dashboard-, present- and table-WxH-SCHEME.png). With MOUNTVIZ_UPDATE_README_SCREENSHOT=1 the
/// 1920x1080 light dashboard also replaces docs/images/dashboard.png.
/// </summary>
[Collection(E2EGroup.Name)]
public sealed class ScreenshotTests(DashboardServer server)
{
    private static readonly (int Width, int Height)[] Sizes = [(1280, 800), (1920, 1080)];
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    [Fact]
    public async Task The_dashboard_after_step_two_the_presentation_and_the_table_at_two_sizes_light_and_dark()
    {
        await using BrowserSession session = await server.OpenAsync("screenshots");
        DashboardUi ui = await DashboardUi.OpenAsync(session);

        // The README's scene: a lab's base and a shared clone side by side, /target1 inspected,
        // taken right after step 2 while the propagated mounts are still marked.
        string lab = await ui.CreateLabAsync();
        string baseNs = DashboardUi.LabSource(lab, "base");
        await ui.RunOkAsync(baseNs, ArticleScript.Directories);
        string clone = await ui.CloneAsync(lab, "a", "base", "shared");
        await ui.SelectAsync(baseNs);
        await ui.SelectAsync(clone);
        await ArticleScript.StepOneAsync(ui, baseNs);
        await ui.ClickMountAsync(await ui.WaitForMountAsync(baseNs, "/target1"));
        await ArticleScript.StepTwoAsync(ui, baseNs);
        await ui.WaitForMountAsync(baseNs, "/source1/target2");
        await ui.WaitForMountAsync(clone, "/source1/target2");

        List<string> taken = [];
        foreach ((int width, int height) in Sizes)
        {
            foreach (ColorScheme scheme in Schemes)
            {
                await ShowAsync(session.Page, width, height, scheme);
                await session.Page.Locator("[data-action=\"fit\"]").ClickAsync();

                // No focus ring or hover on the Fit button in the pictures.
                await session.Page.EvaluateAsync("() => document.activeElement?.blur()");
                await session.Page.Mouse.MoveAsync(0, 0);
                await PageFrames.PaintedAsync(session.Page);
                taken.Add(await session.ScreenshotAsync($"dashboard-{width}x{height}-{Word(scheme)}.png"));
            }
        }

        if (Artifacts.UpdateReadmeScreenshot)
        {
            // 1920x1080 light: at that size the graph, the inspector and the result all read well.
            File.Copy(Artifacts.PathOf("dashboard-1920x1080-light.png"), Artifacts.ReadmeScreenshot, overwrite: true);
        }

        // Presentation mode: the two namespaces and the legend, nothing else.
        string present = $"/present?ns={Uri.EscapeDataString(baseNs)}&ns={Uri.EscapeDataString(clone)}&legend=1";
        foreach ((int width, int height) in Sizes)
        {
            foreach (ColorScheme scheme in Schemes)
            {
                // Loaded at each size: the page fits the graph to its window when it draws it.
                await ShowAsync(session.Page, width, height, scheme);
                await session.Page.GotoAsync(present);
                await Assertions.Expect(session.Page.Locator("[data-ready=\"true\"]")).ToHaveCountAsync(1, new() { Timeout = DashboardUi.Patience });
                taken.Add(await session.ScreenshotAsync($"present-{width}x{height}-{Word(scheme)}.png"));
            }
        }

        await session.Page.GotoAsync("/table");
        await Assertions.Expect(session.Page.Locator("h1")).ToBeVisibleAsync();
        foreach ((int width, int height) in Sizes)
        {
            foreach (ColorScheme scheme in Schemes)
            {
                await ShowAsync(session.Page, width, height, scheme);
                taken.Add(await session.ScreenshotAsync($"table-{width}x{height}-{Word(scheme)}.png"));
            }
        }

        foreach (string path in taken)
        {
            (int w, int h) = ImageChecks.AssertPng(await File.ReadAllBytesAsync(path), path);
            Assert.Contains($"-{w}x{h}-", Path.GetFileName(path), StringComparison.Ordinal);
        }
    }

    private static async Task ShowAsync(IPage page, int width, int height, ColorScheme scheme)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
        await PageFrames.PaintedAsync(page);
    }

    private static string Word(ColorScheme scheme) => scheme.ToString().ToLowerInvariant();
}
