using System.Text.Json;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Graph;

/// <summary>
/// Peer links and master arrows as batches change peer groups (client/src/graph.ts,
/// redrawRelations): edges still wanted are kept as they are, edges no longer true go, new ones
/// come. Two namespaces drawn by the graph module in a page of its own on the dashboard.
/// </summary>
[Collection(E2EGroup.Name)]
public sealed class RelationEdgesTests(DashboardServer server)
{
    private const string StepsJs = """
        async () => {
          const { graph, cy } = await graphUnderTest.open();
          const mount = (ns, id, parent, point, shared, master) => ({ id: `${ns}/${id}`, namespace: ns, mountId: id, parent: parent === null ? null : `${ns}/${parent}`,
            mountPoint: point, detail: 'tmpfs · tmpfs', fsType: 'tmpfs', source: 'tmpfs', root: null, options: 'rw',
            propagation: shared && master ? 'shared+slave' : shared ? 'shared' : master ? 'slave' : 'private', shared, master,
            propagateFrom: null, unbindable: false, hidden: false, propagated: false, line: `${id} 1 0:1 / ${point} rw - tmpfs tmpfs rw` });
          const edges = () => cy.edges('.peer, .master').map(e => e.id()).sort();
          const steps = [];
          graph.update({
            namespaces: [
              { id: 'a', sourceId: 'a', label: 'a', mounts: [mount('a', 1, null, '/', 1, null), mount('a', 2, 1, '/data', 2, null)] },
              { id: 'b', sourceId: 'b', label: 'b', mounts: [mount('b', 1, null, '/', 1, null), mount('b', 2, 1, '/data', null, 2)] },
            ],
            groups: [{ group: 1, label: 'shared:1', color: '#2f6fdf' }, { group: 2, label: 'shared:2', color: '#d9480f' }],
          });
          steps.push(edges());
          cy.getElementById('peer:1:a/1:b/1').scratch('_kept', true);
          // b's /data becomes a peer of a's (make-shared after a bind): the arrow goes, a link comes.
          graph.update({ changes: [{ kind: 'changed', aspects: ['propagation'], node: mount('b', 2, 1, '/data', 2, null) }] });
          steps.push(edges());
          // a's /data is unmounted: its link goes. A mount of group 1 is added in a: group 1 is redrawn, its link is kept.
          graph.update({ changes: [
            { kind: 'removed', aspects: [], node: mount('a', 2, 1, '/data', 2, null) },
            { kind: 'added', aspects: [], node: mount('a', 3, 1, '/more', 1, null) },
          ] });
          steps.push(edges());
          return { steps, kept: cy.getElementById('peer:1:a/1:b/1').scratch('_kept') === true };
        }
        """;

    [Fact]
    public async Task Peer_links_and_master_arrows_follow_the_groups_and_unchanged_ones_are_kept()
    {
        await using BrowserSession session = await server.OpenAsync("relation-edges");
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);

        JsonElement result = await session.Page.EvaluateAsync<JsonElement>(StepsJs);

        string[][] steps = [.. result.GetProperty("steps").EnumerateArray().Select(s => s.EnumerateArray().Select(e => e.GetString()!).ToArray())];
        Assert.Equal(["master:2:a/2:b/2", "peer:1:a/1:b/1"], steps[0]);
        Assert.Equal(["peer:1:a/1:b/1", "peer:2:a/2:b/2"], steps[1]);
        // Peers are linked across namespaces, each to the namespace before it: a's new member of group 1 adds no link.
        Assert.Equal(["peer:1:a/1:b/1"], steps[2]);
        Assert.True(result.GetProperty("kept").GetBoolean(), "the unchanged peer link of group 1 was removed and added again");
    }
}
