using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Accessibility;

/// <summary>
/// An axe-core scan of the main pages, light and dark: no serious or critical violation. Every
/// violation found (of any impact) is written to axe-PAGE-SCHEME.txt in the artifacts.
/// </summary>
[Collection(E2EGroup.Name)]
public sealed class AxeTests(DashboardServer server)
{
    [Theory]
    [InlineData("dashboard", ColorScheme.Light)]
    [InlineData("dashboard", ColorScheme.Dark)]
    [InlineData("table", ColorScheme.Light)]
    [InlineData("table", ColorScheme.Dark)]
    [InlineData("present", ColorScheme.Light)]
    [InlineData("present", ColorScheme.Dark)]
    public async Task The_page_has_no_serious_or_critical_axe_violation(string page, ColorScheme scheme)
    {
        string name = $"axe-{page}-{scheme.ToString().ToLowerInvariant()}";
        await using BrowserSession session = await server.OpenAsync(name, colorScheme: scheme);
        DashboardUi ui = await DashboardUi.OpenAsync(session);
        if (page == "table")
        {
            await session.Page.GotoAsync("/table");
            await Assertions.Expect(session.Page.Locator("h1")).ToBeVisibleAsync();
        }
        else
        {
            // A drawn lab with a bind and a command result, so the scan covers the live parts too.
            string lab = await ui.CreateLabAsync();
            string ns = DashboardUi.LabSource(lab, "base");
            await ui.SelectAsync(ns);
            await ui.RunOkAsync(ns, "mkdir scanned seen");
            await ui.RunOkAsync(ns, "mount --bind scanned seen");
            await ui.ClickMountAsync(await ui.WaitForMountAsync(ns, "/seen"));
            if (page == "present")
            {
                // The presentation page of that namespace with its legend, once laid out and painted.
                await session.Page.GotoAsync($"/present?ns={Uri.EscapeDataString(ns)}&legend=1");
                await Assertions.Expect(session.Page.Locator("[data-ready=\"true\"]")).ToHaveCountAsync(1, new() { Timeout = DashboardUi.Patience });
            }
        }

        AxeResult result = await session.Page.RunAxe();

        var report = new StringBuilder();
        foreach (AxeResultItem violation in result.Violations)
        {
            report.AppendLine($"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (AxeResultNode node in violation.Nodes)
            {
                report.AppendLine($"    {node.Target}  {node.Html}");
                foreach (string message in node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message).Distinct(StringComparer.Ordinal))
                {
                    report.AppendLine($"      {message}");
                }
            }
        }

        await File.WriteAllTextAsync(Artifacts.PathOf(name + ".txt"), report.Length == 0 ? "no violations\n" : report.ToString());
        AxeResultItem[] blocking = [.. result.Violations.Where(v => v.Impact is "serious" or "critical")];
        Assert.True(blocking.Length == 0, $"axe found {blocking.Length} serious or critical violation(s) on /{(page == "dashboard" ? "" : page)} ({scheme}); every finding: {Artifacts.PathOf(name + ".txt")}:\n{report}");
    }
}
