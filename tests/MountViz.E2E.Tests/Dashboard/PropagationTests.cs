using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Dashboard;

/// <summary>Step 2 of the article's propagation script, done in the dashboard, read back from the drawn graph.</summary>
[Collection(E2EGroup.Name)]
public sealed class PropagationTests(DashboardServer server)
{
    [Fact]
    public async Task Step_two_of_the_article_draws_the_propagated_mount_in_the_same_peer_group()
    {
        await using BrowserSession session = await server.OpenAsync("propagation-step-2");
        DashboardUi ui = await DashboardUi.OpenAsync(session);
        string lab = await ui.CreateLabAsync();
        string ns = DashboardUi.LabSource(lab, "base");
        await ui.SelectAsync(ns);

        await ArticleScript.RunStepTwoAsync(ui, ns);

        // The bind at target1/target2 propagates to its peer, the workspace root, at source1/target2.
        GraphMount bound = await ui.WaitForMountAsync(ns, "/target1/target2");
        GraphMount propagated = await ui.WaitForMountAsync(ns, "/source1/target2");
        GraphMount target1 = await ui.WaitForMountAsync(ns, "/target1");
        Assert.Equal("shared", bound.Propagation);
        Assert.NotNull(bound.Shared);
        Assert.Equal(bound.Shared, propagated.Shared);
        Assert.Equal(target1.Shared, bound.Shared);
        Assert.True(propagated.Propagated, $"/source1/target2 is not marked as arrived by propagation: {propagated}");
        Assert.False(bound.Propagated, $"/target1/target2 is the mount the command made, yet it is marked as propagated: {bound}");
        Assert.Single(await ui.MountsAsync(ns), m => m.MountPoint == "/source1/target2");
    }
}
