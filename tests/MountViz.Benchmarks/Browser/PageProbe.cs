using System.Text.Json;
using Microsoft.Playwright;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// Timing inside the page, on its own clock (performance.now): wraps the graph instance's
/// <c>update</c> (reached through the module's test hook, <c>element.__mountviz</c>) to record when
/// each batch arrived, when update (apply + layout) returned and the next frame after it; and
/// records when a checkbox changed and when Enter was pressed in the command line.
/// </summary>
internal static class PageProbe
{
    private const string Install = """
        () => {
          const element = document.querySelector('.mount-graph');
          const graph = element.__mountviz.graph;
          if (window.__bench) return true;
          const bench = window.__bench = { updates: [], changed: [], entered: [], drawnAt: {} };
          const original = graph.update;
          graph.update = (batch) => {
            const record = { start: performance.now(), namespaces: (batch.namespaces ?? []).length,
              mounts: (batch.namespaces ?? []).reduce((n, ns) => n + (ns.mounts ? ns.mounts.length : 0), 0),
              changes: (batch.changes ?? []).length };
            if (record.mounts > 0 && !bench.firstBatch) bench.firstBatch = batch;
            original(batch);
            record.end = performance.now();
            for (const change of batch.changes ?? []) {
              if (change.kind === 'added') bench.drawnAt[change.node.mountPoint] = record.end;
            }
            bench.updates.push(record);
            requestAnimationFrame(() => { record.painted = performance.now(); });
          };
          document.addEventListener('change', e => bench.changed.push({ id: e.target.id, at: performance.now() }), true);
          document.addEventListener('keydown', e => { if (e.key === 'Enter' && e.target.id === 'cmd-line') bench.entered.push({ line: e.target.value, at: performance.now() }); }, true);
          return true;
        }
        """;

    /// <summary>The longest wait for one step, in ms (a hang guard: slow steps are what is measured).</summary>
    public static float Patience { get; set; } = 900_000;

    /// <summary>Installs the probe once the graph module exists.</summary>
    public static async Task InstallAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => !!document.querySelector('.mount-graph')?.__mountviz", null, new() { Timeout = 120_000 });
        await page.EvaluateAsync(Install);
    }

    /// <summary>The first batch that drew mounts, as JSON: the graph module's input, to replay outside the dashboard.</summary>
    public static Task<string> FirstBatchJsonAsync(IPage page) => page.EvaluateAsync<string>("() => JSON.stringify(window.__bench.firstBatch ?? null)");

    /// <summary>How many batches update() has applied so far.</summary>
    public static Task<int> UpdateCountAsync(IPage page) => page.EvaluateAsync<int>("() => window.__bench.updates.length");

    /// <summary>Waits until more than <paramref name="count"/> batches were applied and painted; returns the newest.</summary>
    public static async Task<UpdateTiming> WaitForUpdateAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync(
            "(n) => window.__bench.updates.length > n && window.__bench.updates[window.__bench.updates.length - 1].painted !== undefined",
            count,
            new() { Timeout = Patience, PollingInterval = 10 });
        JsonElement last = await page.EvaluateAsync<JsonElement>("() => window.__bench.updates[window.__bench.updates.length - 1]");
        return new UpdateTiming(
            last.GetProperty("start").GetDouble(), last.GetProperty("end").GetDouble(), last.GetProperty("painted").GetDouble(),
            last.GetProperty("namespaces").GetInt32(), last.GetProperty("mounts").GetInt32(), last.GetProperty("changes").GetInt32());
    }

    /// <summary>When the checkbox <paramref name="id"/> last changed, on the page's clock.</summary>
    public static Task<double> ChangedAtAsync(IPage page, string id) =>
        page.EvaluateAsync<double>("(id) => window.__bench.changed.filter(c => c.id === id).at(-1).at", id);

    /// <summary>When Enter was last pressed on <paramref name="line"/>, on the page's clock.</summary>
    public static Task<double> EnteredAtAsync(IPage page, string line) =>
        page.EvaluateAsync<double>("(line) => window.__bench.entered.filter(c => c.line === line).at(-1).at", line);

    /// <summary>Waits until a batch added <paramref name="mountPoint"/>; returns when update() returned.</summary>
    public static async Task<double> DrawnAtAsync(IPage page, string mountPoint)
    {
        await page.WaitForFunctionAsync("(mp) => window.__bench.drawnAt[mp] !== undefined", mountPoint, new() { Timeout = 60_000, PollingInterval = 10 });
        return await page.EvaluateAsync<double>("(mp) => window.__bench.drawnAt[mp]", mountPoint);
    }
}
