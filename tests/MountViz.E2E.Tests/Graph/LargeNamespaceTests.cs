using System.Text.Json;
using Microsoft.Playwright;
using MountViz.E2E.Tests.Support;

namespace MountViz.E2E.Tests.Graph;

/// <summary>
/// The graph module (client/src/graph.ts) on a namespace too large for dagre, in Chromium: a tidy
/// tree added in place, a wide fan of leaves wrapped into a block under its parent, and
/// Cytoscape's derived style still correct with the fast style-cache invalidation
/// (client/src/graph/styleCache.ts). The module runs in a graph of its own on the dashboard page;
/// the namespace is generated in the page, like a Kubernetes node's.
/// </summary>
[Collection(E2EGroup.Name)]
public sealed class LargeNamespaceTests(DashboardServer server)
{
    // A host tree, 300 pods' mounts side by side under /var/lib/kubelet (a wide fan), 20 overlay
    // roots each with its own /proc below /var/lib/docker: 354 mounts, past the 250 of largeTree.ts.
    private const string DrawJs = """
        async ({ leaves, extra }) => {
          const { host, graph } = await graphUnderTest.open();
          const ns = 'large-ns';
          const mounts = [];
          let next = 100;
          const add = (parent, point, detail = 'tmpfs · tmpfs') => {
            const id = `${ns}/${next}`;
            mounts.push({ id, namespace: ns, mountId: next, parent, mountPoint: point, detail, fsType: 'tmpfs', source: 'tmpfs',
              root: null, options: 'rw', propagation: next % 3 ? 'shared' : 'private', shared: next % 3 ? 1 : null, master: null,
              propagateFrom: null, unbindable: false, hidden: false, propagated: false, line: `${next} 1 0:1 / ${point} rw - tmpfs tmpfs rw` });
            next++;
            return id;
          };
          const root = add(null, '/', 'ext4 · /dev/vda1');
          const sys = add(root, '/sys', 'sysfs · sysfs');
          for (let i = 0; i < 8; i++) add(sys, `/sys/fs/cgroup/c${i}`, 'cgroup · cgroup');
          const lib = add(add(root, '/var'), '/var/lib');
          const kubelet = add(lib, '/var/lib/kubelet');
          for (let i = 0; i < leaves; i++) add(kubelet, `/var/lib/kubelet/pods/p${i}/volumes/kubernetes.io~projected/kube-api-access-${i}`);
          const docker = add(lib, '/var/lib/docker');
          for (let i = 0; i < 20; i++) add(add(docker, `/var/lib/docker/overlay2/${i}/merged`, 'overlay · overlay'), `/var/lib/docker/overlay2/${i}/merged/proc`, 'proc · proc');
          // A small namespace beside it, drawn by dagre.
          const small = [{ ...mounts[0], id: 'small-ns/1', namespace: 'small-ns', parent: null },
                         { ...mounts[1], id: 'small-ns/2', namespace: 'small-ns', parent: 'small-ns/1' }];
          graph.update({ namespaces: [{ id: ns, sourceId: 'test', label: 'large', mounts }, { id: 'small-ns', sourceId: 'test', label: 'small', mounts: small }],
                         groups: [{ group: 1, label: 'shared:1', color: '#2f6fdf' }] });
          if (extra) {
            graph.update({ changes: [{ kind: 'added', aspects: [], node: { ...mounts[mounts.length - 1], id: `${ns}/9000`, mountId: 9000, parent: kubelet,
              mountPoint: '/var/lib/kubelet/pods/new/volumes/kubernetes.io~projected/kube-api-access-new' } }] });
          }
          const hook = host.__mountviz;
          const cy = hook.cy;
          const nodes = cy.nodes('.mount').filter(n => n.data('namespace') === ns);
          const list = nodes.toArray();
          const overlaps = graphUnderTest.overlaps(list);
          const notBelow = list.filter(n => { const p = n.data('mountParent'); return p && !(cy.getElementById(p).position().y < n.position().y); }).map(n => n.data('mountPoint'));
          const fan = list.filter(n => n.data('mountParent') === kubelet);
          const fanBoxes = fan.map(n => graphUnderTest.box(n));
          const nsBox = cy.getElementById(ns).boundingBox();
          const outside = list.filter(n => { const b = graphUnderTest.box(n); return b.x1 < nsBox.x1 || b.x2 > nsBox.x2 || b.y1 < nsBox.y1 || b.y2 > nsBox.y2; }).length;
          const treeEdges = cy.edges('.tree').filter(e => e.source().data('namespace') === ns);
          // Relayout (the toolbar's button) of what was just laid out.
          const before = list.map(n => ({ ...n.position() }));
          graph.layout();
          const relayoutMoved = list.filter((n, i) => Math.abs(n.position().x - before[i].x) > 1 || Math.abs(n.position().y - before[i].y) > 1).length;
          return {
            relayoutMoved,
            fastStyleCache: hook.fastStyleCache,
            mounts: list.length,
            inNamespace: list.filter(n => n.parent().id() === ns).length,
            overlaps: overlaps.slice(0, 5),
            notBelow,
            outside,
            kubeletX: cy.getElementById(kubelet).position().x,
            fanLeft: Math.min(...fanBoxes.map(b => b.x1)),
            fanRight: Math.max(...fanBoxes.map(b => b.x2)),
            fanRows: new Set(fan.map(n => Math.round(n.position().y))).size,
            fanLines: treeEdges.filter(e => e.source().id() === kubelet).length,
            treeEdges: treeEdges.length,
            straight: treeEdges.filter(e => e.hasClass('straight') && e.pstyle('curve-style').value === 'haystack').length,
            smallCurve: cy.edges('.tree').filter(e => e.source().data('namespace') === 'small-ns').map(e => e.pstyle('curve-style').value),
          };
        }
        """;

    // Derived style (visibility, opacity) of mounts and edges after their namespace or they change.
    private const string DerivedStyleJs = """
        () => {
          const cy = graphUnderTest.hook().cy;
          const ns = cy.getElementById('large-ns');
          const mount = cy.getElementById('large-ns/101');
          const edge = cy.getElementById('tree:large-ns/101');
          const states = [];
          const read = (step) => states.push({ step, mountVisible: mount.visible(), edgeVisible: edge.visible(), opacity: Math.round(mount.effectiveOpacity() * 100) / 100 });
          read('drawn');
          ns.style('opacity', 0.4); read('namespace at 40 % opacity');
          ns.removeStyle('opacity'); read('namespace opacity removed');
          ns.style('display', 'none'); read('namespace hidden');
          ns.removeStyle('display'); read('namespace shown');
          mount.style('display', 'none'); read('mount hidden');
          mount.removeStyle('display'); read('mount shown');
          return states;
        }
        """;

    [Fact]
    public async Task A_large_namespace_is_a_tidy_tree_added_in_place_with_a_wide_fan_wrapped_under_its_parent()
    {
        await using BrowserSession session = await server.OpenAsync("large-namespace", 1920, 1080);
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);

        Layout layout = await DrawAsync(session, extra: false);

        Assert.True(layout.FastStyleCache, "the fast style-cache invalidation is not in place: Cytoscape's element internals changed (see client/src/graph/styleCache.ts)");
        Assert.Equal(354, layout.Mounts);
        Assert.Equal(354, layout.InNamespace);
        Assert.Empty(layout.Overlaps);
        Assert.Empty(layout.NotBelow);
        Assert.Equal(0, layout.Outside);
        // The 300 leaves: a block in rows, centred under /var/lib/kubelet, one line into it.
        Assert.InRange(layout.FanRows, 5, 60);
        Assert.InRange(layout.KubeletX, layout.FanLeft, layout.FanRight);
        Assert.InRange(Math.Abs(((layout.FanLeft + layout.FanRight) / 2) - layout.KubeletX), 0, 1);
        Assert.Equal(1, layout.FanLines);
        // Every other mount has its line from its parent, drawn straight; the small namespace keeps dagre's routed lines.
        Assert.Equal(354 - 1 - 300 + 1, layout.TreeEdges);
        Assert.Equal(layout.TreeEdges, layout.Straight);
        Assert.Equal(["taxi"], layout.SmallCurve);
        Assert.Equal(0, layout.RelayoutMoved);

        await session.Page.Locator("#" + GraphUnderTest.Id).ScreenshotAsync(new() { Path = Artifacts.PathOf("large-namespace.png") });
    }

    [Fact]
    public async Task A_mount_added_to_a_wrapped_fan_finds_a_free_place_in_its_parents_block_without_a_line()
    {
        await using BrowserSession session = await server.OpenAsync("large-namespace-batch");
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);

        Layout layout = await DrawAsync(session, extra: true);

        Assert.Equal(355, layout.Mounts);
        Assert.Empty(layout.Overlaps);
        Assert.Empty(layout.NotBelow);
        Assert.Equal(1, layout.FanLines);
    }

    [Fact]
    public async Task Derived_style_follows_a_namespace_and_its_mounts_with_the_fast_style_cache()
    {
        await using BrowserSession session = await server.OpenAsync("large-namespace-style");
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);
        await DrawAsync(session, extra: false);

        JsonElement states = await session.Page.EvaluateAsync<JsonElement>(DerivedStyleJs);

        string[] expected =
        [
            "drawn: True True 1",
            "namespace at 40 % opacity: True True 0.4",
            "namespace opacity removed: True True 1",
            "namespace hidden: False False 1",
            "namespace shown: True True 1",
            "mount hidden: False False 1",
            "mount shown: True True 1",
        ];
        string[] observed = states.EnumerateArray()
            .Select(s => $"{s.GetProperty("step").GetString()}: {s.GetProperty("mountVisible").GetBoolean()} {s.GetProperty("edgeVisible").GetBoolean()} {s.GetProperty("opacity").GetDouble()}")
            .ToArray();
        Assert.Equal(expected, observed);
    }

    [Fact]
    public async Task Search_marks_a_few_hundred_matches_and_only_counts_thousands()
    {
        await using BrowserSession session = await server.OpenAsync("large-namespace-search");
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);
        await DrawAsync(session, extra: false);

        JsonElement steps = await session.Page.EvaluateAsync<JsonElement>(SearchJs);

        // 111 mounts end in kube-api-access-1, -1N or -1NN: marked, the rest dimmed. "kube" is in
        // all 300 leaves and /var/lib/kubelet: counted, nothing marked. An empty search clears.
        string[] expected = ["kube-api-access-1: 111 found, 111 marked, 245 dimmed", "kube: 301 found, 0 marked, 0 dimmed", ": 0 found, 0 marked, 0 dimmed"];
        Assert.Equal(expected, steps.EnumerateArray().Select(s => s.GetString()));
    }

    // Searches in the large namespace: what each search found, marked and dimmed.
    private const string SearchJs = """
        () => {
          const hook = graphUnderTest.hook();
          return ['kube-api-access-1', 'kube', ''].map(q => {
            const found = hook.graph.search(q);
            return `${q}: ${found} found, ${hook.cy.nodes('.match').length} marked, ${hook.cy.nodes('.dimmed').length} dimmed`;
          });
        }
        """;

    [Fact]
    public async Task A_loop_of_parents_in_a_large_namespace_is_drawn_with_every_mount_in_a_place_of_its_own()
    {
        await using BrowserSession session = await server.OpenAsync("large-namespace-loop");
        await DashboardUi.OpenAsync(session);
        await GraphUnderTest.InstallAsync(session.Page);

        JsonElement result = await session.Page.EvaluateAsync<JsonElement>(LoopJs);

        // /a and /b name each other as parent (no kernel writes that, but a table is data), /a/c hangs below.
        Assert.Equal(304, result.GetProperty("drawn").GetInt32());
        Assert.Equal(0, result.GetProperty("overlaps").GetInt32());
        Assert.True(result.GetProperty("cBelowA").GetBoolean(), "/a/c is not below /a");
    }

    // 300 leaves under / (past the 250 of largeTree.ts), then a loop of two parents with a child.
    private const string LoopJs = """
        async () => {
          const { graph, cy } = await graphUnderTest.open();
          const ns = 'loop-ns';
          const mount = (id, parent, point) => ({ id: `${ns}/${id}`, namespace: ns, mountId: id, parent: parent === null ? null : `${ns}/${parent}`,
            mountPoint: point, detail: 'tmpfs · tmpfs', fsType: 'tmpfs', source: 'tmpfs', root: null, options: 'rw', propagation: 'private',
            shared: null, master: null, propagateFrom: null, unbindable: false, hidden: false, propagated: false, line: `${id} 1 0:1 / ${point} rw - tmpfs tmpfs rw` });
          const mounts = [mount(1, null, '/')];
          for (let i = 0; i < 300; i++) mounts.push(mount(10 + i, 1, `/m${i}`));
          mounts.push(mount(500, 501, '/a'), mount(501, 500, '/b'), mount(502, 500, '/a/c'));
          graph.update({ namespaces: [{ id: ns, sourceId: 'test', label: 'loop', mounts }] });
          const nodes = cy.nodes('.mount').toArray();
          const y = id => cy.getElementById(`${ns}/${id}`).position().y;
          return { drawn: nodes.length, overlaps: graphUnderTest.overlaps(nodes).length, cBelowA: y(502) > y(500) };
        }
        """;

    private static async Task<Layout> DrawAsync(BrowserSession session, bool extra)
    {
        JsonElement result = await session.Page.EvaluateAsync<JsonElement>(DrawJs, new { leaves = 300, extra });
        return result.ValueKind == JsonValueKind.Object
            ? result.Deserialize<Layout>(JsonSerializerOptions.Web)!
            : throw new Xunit.Sdk.XunitException($"the graph module returned {result}\n{session.ConsoleErrors}");
    }

    private sealed record Layout(
        int RelayoutMoved,
        bool FastStyleCache,
        int Mounts,
        int InNamespace,
        string[] Overlaps,
        string[] NotBelow,
        int Outside,
        double KubeletX,
        double FanLeft,
        double FanRight,
        int FanRows,
        int FanLines,
        int TreeEdges,
        int Straight,
        string[] SmallCurve);
}
