using Bunit;
using MountViz.Web.Components.Graph;

namespace MountViz.Web.Tests.Graph;

public sealed class GraphLegendTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    [Fact]
    public void Lists_every_peer_group_up_to_the_cap()
    {
        IRenderedComponent<GraphLegend> legend = Render(3);

        Assert.Equal(["1", "2", "3"], legend.FindAll("li[data-group]").Select(li => li.GetAttribute("data-group")));
        Assert.Empty(legend.FindAll(".legend-groups-more"));
    }

    [Fact]
    public void Past_the_cap_it_says_how_many_more_instead_of_listing_thousands()
    {
        IRenderedComponent<GraphLegend> legend = Render(3000);

        Assert.Equal(GraphLegend.MaxGroupsShown, legend.FindAll("li[data-group]").Count);
        Assert.StartsWith($"and {3000 - GraphLegend.MaxGroupsShown} more", legend.Find(".legend-groups-more").TextContent, StringComparison.Ordinal);
    }

    private IRenderedComponent<GraphLegend> Render(int groups) =>
        _context.Render<GraphLegend>(p => p.Add(
            l => l.Groups,
            [.. Enumerable.Range(1, groups).Select(g => new LegendGroup(g, $"shared:{g}", "#336699", 2, 0))]));
}
