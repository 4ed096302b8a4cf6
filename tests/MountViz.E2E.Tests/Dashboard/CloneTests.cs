using Microsoft.Playwright;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Dashboard;

/// <summary>A namespace cloned in the dashboard, drawn beside its original, receiving a mount by propagation.</summary>
[Collection(E2EGroup.Name)]
public sealed class CloneTests(DashboardServer server)
{
    [Fact]
    public async Task A_slave_clone_receives_a_mount_made_in_its_original_and_sends_none_back()
    {
        await using BrowserSession session = await server.OpenAsync("clone");
        DashboardUi ui = await DashboardUi.OpenAsync(session);
        string lab = await ui.CreateLabAsync();
        string original = DashboardUi.LabSource(lab, "base");
        string clone = await ui.CloneAsync(lab, "copy", "base", "slave");
        await ui.SelectAsync(original);
        await ui.SelectAsync(clone);
        await ui.RunOkAsync(original, "mkdir into back");

        // The clone made with the form is an operation of the lab: the timeline lists it.
        await Assertions.Expect(ui.Page.Locator(".tl-entry").Filter(new() { HasText = "unshare -m --propagation slave --from base copy" }))
            .ToHaveCountAsync(1, new() { Timeout = DashboardUi.Patience });

        ILocator result = await ui.RunCommandAsync(original, "mount -t tmpfs tmpfs into");

        // The result lists the change in both namespaces, and the graph draws the clone's copy as propagated.
        await Assertions.Expect(result.Locator(".op-changes")).ToContainTextAsync("copy");
        GraphMount made = await ui.WaitForMountAsync(original, "/into");
        GraphMount received = await ui.WaitForMountAsync(clone, "/into");
        Assert.False(made.Propagated);
        Assert.True(received.Propagated, $"the clone's /into is not marked as propagated: {received}");
        Assert.NotEqual(made.Id, received.Id);

        // A slave sends nothing back: the clone's own mount stays in the clone.
        ILocator back = await ui.RunCommandAsync(clone, "mount -t tmpfs tmpfs back");
        await Assertions.Expect(back.Locator(".op-head > .op-badge")).ToHaveTextAsync("ok");
        await ui.WaitForMountAsync(clone, "/back");
        await Assertions.Expect(back.Locator(".op-changes li")).ToHaveCountAsync(1);
        Assert.DoesNotContain(await ui.MountsAsync(original), m => m.MountPoint == "/back");
    }
}
