using Microsoft.Playwright;

namespace MountViz.E2E.Tests.Support;

/// <summary>Waits on the browser's rendering rather than on the clock.</summary>
internal static class PageFrames
{
    /// <summary>Resolves after two animation frames: whatever changed has been painted.</summary>
    public static Task PaintedAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))");
}
