using Microsoft.Playwright;

namespace MountViz.E2E.Tests.Support;

/// <summary>The graph's exports as a user gets them: the toolbar's PNG and SVG buttons, each a download.</summary>
internal static class GraphExport
{
    /// <summary>Clicks PNG (<c>data-action="export-png"</c>) and returns the downloaded file's bytes and name.</summary>
    public static Task<(byte[] Bytes, string FileName)> PngAsync(DashboardUi ui) => DownloadAsync(ui, "export-png");

    /// <summary>Clicks SVG (<c>data-action="export-svg"</c>) and returns the downloaded file's bytes and name.</summary>
    public static Task<(byte[] Bytes, string FileName)> SvgAsync(DashboardUi ui) => DownloadAsync(ui, "export-svg");

    private static async Task<(byte[] Bytes, string FileName)> DownloadAsync(DashboardUi ui, string action)
    {
        ILocator button = ui.Page.Locator($"[data-action=\"{action}\"]");
        await Assertions.Expect(button).ToBeEnabledAsync(new() { Timeout = DashboardUi.Patience });
        IDownload download = await ui.Page.RunAndWaitForDownloadAsync(() => button.ClickAsync(), new() { Timeout = DashboardUi.Patience });
        Assert.True(await download.FailureAsync() is null, $"the {action} download failed: {await download.FailureAsync()}");
        string path = await download.PathAsync();
        return (await File.ReadAllBytesAsync(path), download.SuggestedFilename);
    }
}
