using Microsoft.Playwright;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Dashboard;

/// <summary>The command line: a typed command's result, a refusal explained, the history, the graph following.</summary>
[Collection(E2EGroup.Name)]
public sealed class CommandLineTests(DashboardServer server)
{
    [Fact]
    public async Task A_typed_command_shows_its_result_a_refusal_its_errno_and_the_graph_the_new_mount()
    {
        await using BrowserSession session = await server.OpenAsync("command-line");
        DashboardUi ui = await DashboardUi.OpenAsync(session);
        string lab = await ui.CreateLabAsync();
        string ns = DashboardUi.LabSource(lab, "base");
        await ui.SelectAsync(ns);

        ILocator made = await ui.RunCommandAsync(ns, "mkdir typed");
        await Assertions.Expect(made.Locator(".op-head > .op-badge")).ToHaveTextAsync("ok");
        await Assertions.Expect(made.Locator(".op-calls")).ToContainTextAsync("mkdir");

        // The kernel refuses a bind of a path that does not exist: the errno and its cause are shown.
        ILocator refused = await ui.RunCommandAsync(ns, "mount --bind nothing-here typed");
        await Assertions.Expect(refused).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bis-failed\b"));
        await Assertions.Expect(refused.Locator(".op-head > .op-badge")).ToHaveTextAsync("ENOENT");

        ILocator mounted = await ui.RunCommandAsync(ns, "mount -t tmpfs tmpfs typed");
        await Assertions.Expect(mounted.Locator(".op-head > .op-badge")).ToHaveTextAsync("ok");
        await Assertions.Expect(mounted.Locator(".op-calls")).ToContainTextAsync("mount(");
        await Assertions.Expect(mounted.Locator(".op-changes")).ToContainTextAsync("/typed");
        GraphMount drawn = await ui.WaitForMountAsync(ns, "/typed");
        Assert.False(drawn.Propagated);

        // Up walks back through the history, newest first.
        await ui.CommandLine.FocusAsync();
        await ui.CommandLine.PressAsync("ArrowUp");
        await Assertions.Expect(ui.CommandLine).ToHaveValueAsync("mount -t tmpfs tmpfs typed");
        await ui.CommandLine.PressAsync("ArrowUp");
        await Assertions.Expect(ui.CommandLine).ToHaveValueAsync("mount --bind nothing-here typed");
    }
}
