using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MountViz.Web.Components.Dashboard;

namespace MountViz.Web.Tests.Dashboard;

public sealed class RelationListTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    [Fact]
    public void A_short_list_is_listed_whole()
    {
        IRenderedComponent<RelationList> list = Render(Related(3));

        // Grouped by namespace, in the order the namespaces come.
        Assert.Equal(["/m0", "/m2", "/m1"], list.FindAll(".rel-link code").Select(c => c.TextContent));
        Assert.Equal(["host · a", "host · b"], list.FindAll(".rel-ns").Select(n => n.TextContent));
        Assert.Empty(list.FindAll(".rel-more"));
    }

    [Fact]
    public async Task A_peer_group_of_thousands_lists_the_first_mounts_then_all_on_request()
    {
        IRenderedComponent<RelationList> list = Render(Related(1555));

        Assert.Equal(RelationList.Limit, list.FindAll(".rel-link").Count);
        Assert.Equal($"Show all 1555 ({1555 - RelationList.Limit} more)", list.Find(".rel-more").TextContent);

        await list.Find(".rel-more").ClickAsync(new MouseEventArgs());

        Assert.Equal(1555, list.FindAll(".rel-link").Count);
        Assert.Empty(list.FindAll(".rel-more"));

        // Another mount inspected: its list starts short again.
        list.Render(p => p.Add(l => l.Items, Related(200)));
        Assert.Equal(RelationList.Limit, list.FindAll(".rel-link").Count);
    }

    private IRenderedComponent<RelationList> Render(IReadOnlyList<RelatedMount> items) =>
        _context.Render<RelationList>(p => p.Add(l => l.Title, "Peers (shared:1)").Add(l => l.Items, items));

    private static List<RelatedMount> Related(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new RelatedMount($"n{i}", "host.1", i % 2 == 0 ? "host · a" : "host · b", 100 + i, $"/m{i}", "shared:1"))];
}
