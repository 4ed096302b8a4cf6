using Microsoft.Playwright;

namespace MountViz.E2E.Tests.Support;

/// <summary>
/// The graph module (client/src/graph.ts) in a graph of its own over the dashboard page, for tests
/// of the module itself. <see cref="InstallAsync"/> defines <c>window.graphUnderTest</c> in the page:
/// <c>open()</c> makes the graph (replacing one made before) and returns <c>{ host, graph, cy }</c>;
/// <c>hook()</c> is the current one's test hook (<c>element.__mountviz</c>); <c>box(node)</c> is a
/// mount node's box and <c>overlaps(nodes)</c> names the pairs of mount nodes whose boxes overlap.
/// </summary>
internal static class GraphUnderTest
{
    /// <summary>The id of the graph's element.</summary>
    public const string Id = "graph-under-test";

    private const string Script = """
        () => {
          window.graphUnderTest = {
            async open() {
              const { create } = await import('/js/graph.js');
              document.getElementById('graph-under-test')?.remove();
              const host = document.createElement('div');
              host.id = 'graph-under-test';
              Object.assign(host.style, { position: 'fixed', inset: '0', zIndex: '1000', background: '#fff' });
              document.body.append(host);
              const graph = create(host, null, { theme: 'light', animate: false });
              return { host, graph, cy: host.__mountviz.cy };
            },
            hook() {
              return document.getElementById('graph-under-test').__mountviz;
            },
            box(node) {
              const p = node.position();
              const w = node.data('w'), h = node.data('h');
              return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - h / 2, y2: p.y + h / 2 };
            },
            overlaps(nodes) {
              const box = n => this.box(n);
              const found = [];
              for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
                const a = box(nodes[i]), b = box(nodes[j]);
                if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) found.push(`${nodes[i].data('mountPoint')} / ${nodes[j].data('mountPoint')}`);
              }
              return found;
            },
          };
        }
        """;

    /// <summary>Defines <c>window.graphUnderTest</c> in the page (the dashboard, opened with its token).</summary>
    public static async Task InstallAsync(IPage page) => await page.EvaluateAsync(Script);
}
