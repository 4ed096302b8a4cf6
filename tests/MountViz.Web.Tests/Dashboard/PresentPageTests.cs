using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Model;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>/present: only the chosen namespaces' graph and legend, one first batch, live after, nothing left on dispose.</summary>
public sealed class PresentPageTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly DashboardTestContext _test = new();

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private IRenderedComponent<PresentPage> Open(string query)
    {
        _test.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/present" + query);
        return _test.Context.Render<PresentPage>();
    }

    [Fact]
    public void Draws_the_chosen_namespaces_in_url_order_in_one_batch_unanimated_with_the_legend()
    {
        IRenderedComponent<PresentPage> page = Open($"?ns={DashboardTestContext.NginxSourceId}&ns={FakeBackend.HostSourceId}&theme=light");

        GraphBatchDto batch = Assert.Single(_test.Updates);
        Assert.Equal([DashboardTestContext.NginxSourceId, FakeBackend.HostSourceId], batch.Namespaces.Select(n => n.SourceId));
        Assert.All(batch.Namespaces, n => Assert.NotNull(n.Mounts));
        Assert.Equal([1, 2, 3], batch.Groups.Select(g => g.Group));
        Assert.Equal(new MountGraphOptions("light", 10_000, false), _test.Module.VerifyInvoke("create").Arguments[2]);
        Assert.Equal(["1", "2", "3"], page.FindAll(".legend-groups li[data-group]").Select(g => g.GetAttribute("data-group")));
        Assert.Empty(page.FindAll(".app-header, .dash-sources, .dash-inspector, .graph-toolbar"));
        Assert.Equal("false", page.Find(".mount-graph").GetAttribute("data-ready"));
        Assert.Equal(2, _test.Backend.Sources.ActiveSubscriptions);
    }

    [Fact]
    public void Legend_0_hides_the_legend()
    {
        IRenderedComponent<PresentPage> page = Open($"?ns={FakeBackend.HostSourceId}&legend=0");

        Assert.Empty(page.FindAll(".graph-legend"));
        Assert.Equal(MountGraphOptions.Default with { Animate = false }, _test.Module.VerifyInvoke("create").Arguments[2]);
    }

    [Fact]
    public void An_unknown_namespace_is_named_and_the_page_is_still_ready_for_a_screenshot()
    {
        IRenderedComponent<PresentPage> page = Open("?ns=lab.deadbeef.gone");

        IElement problem = page.Find(".present-problem");
        Assert.Equal("alert", problem.GetAttribute("role"));
        Assert.Equal("true", problem.GetAttribute("data-ready"));
        Assert.Contains("No namespace lab.deadbeef.gone", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("GET /api/sources", problem.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".mount-graph"));
        _test.Module.VerifyNotInvoke("create");
    }

    [Fact]
    public void Without_ns_it_says_how_to_name_the_namespaces()
    {
        IRenderedComponent<PresentPage> page = Open("");

        Assert.Contains("add ns=SOURCEID to the URL", page.Find(".present-problem").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_are_applied_live_and_disposing_ends_every_subscription_and_the_graph()
    {
        IRenderedComponent<PresentPage> page = Open($"?ns={DashboardTestContext.NginxSourceId}&ns={FakeBackend.HostSourceId}");
        Assert.Equal(2, _test.Backend.Sources.ActiveSubscriptions);

        _test.Backend.Sources.Push(FakeBackend.HostSourceId, new MountChange(MountChangeKind.Added, DashboardTestContext.Mount("40 3 0:50 / /mnt/new rw shared:9 - tmpfs tmpfs rw"), null));
        page.WaitForAssertion(() => Assert.Equal(2, _test.Updates.Count), Wait);
        Assert.Equal("added", Assert.Single(_test.Updates[1].Changes).Kind);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".legend-groups li[data-group='9']")), Wait);

        await _test.Context.DisposeComponentsAsync();

        Assert.Equal(0, _test.Backend.Sources.ActiveSubscriptions);
        _test.Graph.VerifyInvoke("dispose", calledTimes: 1);
    }
}
