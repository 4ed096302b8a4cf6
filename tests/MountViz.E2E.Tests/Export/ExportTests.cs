using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Export;

/// <summary>The graph exported with the toolbar's PNG and SVG buttons: downloads that are real images of what is drawn.</summary>
[Collection(E2EGroup.Name)]
public sealed class ExportTests(DashboardServer server)
{
    [Fact]
    public async Task Png_and_svg_exports_are_valid_images_of_the_drawn_mounts()
    {
        await using BrowserSession session = await server.OpenAsync("export");
        DashboardUi ui = await DashboardUi.OpenAsync(session);
        string lab = await ui.CreateLabAsync();
        string ns = DashboardUi.LabSource(lab, "base");
        await ui.SelectAsync(ns);
        await ArticleScript.RunStepTwoAsync(ui, ns);
        await ui.WaitForMountAsync(ns, "/source1/target2");

        (byte[] png, string pngName) = await GraphExport.PngAsync(ui);
        Assert.EndsWith(".png", pngName, StringComparison.Ordinal);
        string pngPath = Artifacts.PathOf("export-graph.png");
        await File.WriteAllBytesAsync(pngPath, png);
        (int width, int height) = ImageChecks.AssertPng(png, pngPath);
        Assert.True(width >= 400 && height >= 100, $"{pngPath} is {width}x{height}: too small for a graph of {ns} at high resolution");

        (byte[] svgBytes, string svgName) = await GraphExport.SvgAsync(ui);
        Assert.EndsWith(".svg", svgName, StringComparison.Ordinal);
        string svg = System.Text.Encoding.UTF8.GetString(svgBytes);
        string svgPath = Artifacts.PathOf("export-graph.svg");
        await File.WriteAllTextAsync(svgPath, svg);
        string text = ImageChecks.TextOf(ImageChecks.AssertSvg(svg, svgPath));
        foreach (string label in (string[])["/target1/target2", "/source1/target2", "/target1"])
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
    }
}
