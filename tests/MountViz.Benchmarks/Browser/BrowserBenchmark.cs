using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MountViz.Benchmarks.Generation;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Web.Hosting;
using MountViz.Web.Security;

namespace MountViz.Benchmarks.Browser;

/// <summary>
/// The dashboard's performance in Chromium (issue 4), a harness, not a timed test. The web app
/// runs in this process on 127.0.0.1 with a generated namespace of N mounts as its only source;
/// Debian's Chromium (Playwright, headless) opens the dashboard and the page's own clock measures
/// first render (the checkbox ticked to the batch laid out and painted), 50-change batches
/// (update() applying and laying them out), and the JS heap. Then a second app with the real
/// services and a real lab (root) measures command to graph: Enter in the command line to the
/// mount drawn. CPU profiles of the first render and of one batch are saved and summarised.
/// Arguments: <c>--mounts N</c> (5000), <c>--renders N</c> (5), <c>--batches N</c> (20),
/// <c>--commands N</c> (20, 0 skips the lab part), <c>--shape realistic|balanced</c>, <c>--patience SECONDS</c> (900: the longest wait for one step), <c>--out DIR</c> (profiles, screenshots, report.md).
/// </summary>
public static class BrowserBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const int BatchSize = 50;
    private const double FirstRenderTarget = 2000;
    private const double BatchTarget = 100;
    private static readonly AccessToken Token = AccessToken.FromUser("browser-benchmark-token", AccessTokenOrigin.Option);

    /// <summary>Runs the harness; 0 when it ran (targets missed or not: the figures say), 1 on failure, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--mounts"] = "5000", ["--renders"] = "5", ["--batches"] = "20", ["--commands"] = "20", ["--patience"] = "900", ["--shape"] = "realistic",
            ["--out"] = Path.Combine(Path.GetTempPath(), "mountviz-bench-browser"),
        };
        for (int i = 0; i < args.Length; i++)
        {
            if (settings.ContainsKey(args[i]) && i + 1 < args.Length)
            {
                settings[args[i]] = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"browser: unknown argument '{args[i]}'. Usage: browser [--mounts N] [--renders N] [--batches N] [--commands N] [--patience SECONDS] [--shape realistic|balanced] [--out DIR]");
                return 2;
            }
        }

        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"browser: {Chromium} is missing. Install Debian's chromium package (apt-get install chromium).");
            return 2;
        }

        int commands = int.Parse(settings["--commands"], CultureInfo.InvariantCulture);
        if (commands > 0 && !Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("browser: the command-to-graph part makes a real lab and needs root. Run as root, or pass --commands 0.");
            return 2;
        }

        string output = Path.GetFullPath(settings["--out"]);
        Directory.CreateDirectory(output);
        if (settings["--shape"] is not ("realistic" or "balanced"))
        {
            Console.Error.WriteLine($"browser: --shape is realistic (a Kubernetes node's table: thousands of siblings) or balanced (a tree, {BalancedTree.FanOut} children each), not '{settings["--shape"]}'.");
            return 2;
        }

        PageProbe.Patience = float.Parse(settings["--patience"], CultureInfo.InvariantCulture) * 1000;
        var run = new Scenario(
            int.Parse(settings["--mounts"], CultureInfo.InvariantCulture),
            int.Parse(settings["--renders"], CultureInfo.InvariantCulture),
            int.Parse(settings["--batches"], CultureInfo.InvariantCulture),
            commands,
            settings["--shape"] == "balanced",
            output);
        try
        {
            string report = run.ExecuteAsync().GetAwaiter().GetResult();
            Console.WriteLine(report);
            File.WriteAllText(Path.Combine(output, "report.md"), report);
            Console.WriteLine($"Profiles, screenshots and report.md: {output}");
            return 0;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"browser: {e}");
            return 1;
        }
    }

    private sealed class Scenario(int mounts, int renders, int batches, int commands, bool balanced, string output)
    {
        private readonly StringBuilder _report = new();

        public async Task<string> ExecuteAsync()
        {
            string shape = balanced
                ? $"a balanced tree ({BalancedTree.FanOut} children per mount)"
                : "a Kubernetes node's shape (RealisticMountinfoGenerator: pods' mounts side by side under a few parents)";
            _report.AppendLine(CultureInfo.InvariantCulture, $"## Dashboard in Chromium: {mounts} mounts in one namespace, {shape}");
            _report.AppendLine();
            _report.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {RuntimeInfo()}; Chromium {await ChromiumVersionAsync()}, headless, 1920x1080. Times in ms on the page's clock.");
            _report.AppendLine();

            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Timeout = 120_000,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });

            await GeneratedAsync(browser);
            if (commands > 0)
            {
                await CommandsAsync(browser);
            }

            return _report.ToString();
        }

        private async Task GeneratedAsync(IBrowser browser)
        {
            MountTable table = balanced ? BalancedTree.Generate(mounts) : MountTable.Parse(new RealisticMountinfoGenerator(seed: 4).Generate(mounts));
            var source = new GeneratedMountSource(table, $"generated-{mounts}");
            await using var app = new MountVizWebApplication("http://127.0.0.1:0", services => services.AddSingleton<IMountSources>(source), Token);
            await app.StartAsync();
            try
            {
                Uri address = app.Addresses[0];
                await using IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, BaseURL = address.ToString() });
                context.SetDefaultTimeout(PageProbe.Patience);
                IPage page = await context.NewPageAsync();
                await page.GotoAsync($"/?token={Token.Value}", new() { Timeout = 120_000 });
                await PageProbe.InstallAsync(page);
                ICDPSession cdp = await context.NewCDPSessionAsync(page);
                SourceMap? map = await SourceMapAsync(address);
                long heapBefore = await HeapAsync(cdp);

                // First render: tick, wait for the snapshot batch painted; untick, tick again. The
                // first tick is the page's first graph (cold: nothing compiled, no caches) and is
                // reported on its own; the second is profiled (a profiler slows what it watches).
                string checkbox = "sel-" + GeneratedMountSource.SourceId;
                var firstRenders = new List<(double Total, UpdateTiming Update)>();
                string firstProfile = "";
                int profiled = renders > 1 ? 1 : 0;
                for (int i = 0; i < renders; i++)
                {
                    var profile = new CpuProfile(cdp, map);
                    if (i == profiled)
                    {
                        await profile.StartAsync();
                    }

                    int count = await PageProbe.UpdateCountAsync(page);
                    await page.Locator($"[id=\"{checkbox}\"]").CheckAsync();
                    UpdateTiming update = await PageProbe.WaitForUpdateAsync(page, count);
                    double changed = await PageProbe.ChangedAtAsync(page, checkbox);
                    if (update.Mounts != table.Mounts.Length)
                    {
                        throw new InvalidOperationException($"The first batch drew {update.Mounts} mounts, not {table.Mounts.Length}.");
                    }

                    firstRenders.Add((update.Painted - changed, update));
                    if (i == 0)
                    {
                        await File.WriteAllTextAsync(Path.Combine(output, "first-batch.json"), await PageProbe.FirstBatchJsonAsync(page));
                    }
                    if (i == profiled)
                    {
                        firstProfile = await profile.StopAsync(Path.Combine(output, "first-render.cpuprofile"));
                        await page.ScreenshotAsync(new() { Path = Path.Combine(output, "first-render.png") });
                    }

                    if (i + 1 < renders)
                    {
                        count = await PageProbe.UpdateCountAsync(page);
                        await page.Locator($"[id=\"{checkbox}\"]").UncheckAsync();
                        await PageProbe.WaitForUpdateAsync(page, count);
                    }
                }

                long heapDrawn = await HeapAsync(cdp);
                int nodes = await page.EvaluateAsync<int>("() => document.querySelector('.mount-graph').__mountviz.cy.elements().length");

                // 50-change batches, one at a time; the third is profiled (the first ones warm the JIT).
                var batchTimes = new List<UpdateTiming>();
                var changes = new ChangeBatches(seed: 7);
                string batchProfile = "";
                for (int i = 0; i < batches; i++)
                {
                    var profile = new CpuProfile(cdp, map);
                    if (i == 2)
                    {
                        await profile.StartAsync();
                    }

                    int count = await PageProbe.UpdateCountAsync(page);
                    int sent = source.Publish(changes.Next(source.Table, BatchSize)).Length;
                    UpdateTiming update = await PageProbe.WaitForUpdateAsync(page, count);
                    if (update.Changes < sent - 5)
                    {
                        throw new InvalidOperationException($"Batch {i}: {sent} changes sent, {update.Changes} applied.");
                    }

                    batchTimes.Add(update);
                    if (i == 2)
                    {
                        batchProfile = await profile.StopAsync(Path.Combine(output, "batch.cpuprofile"));
                    }
                }

                await page.ScreenshotAsync(new() { Path = Path.Combine(output, "after-batches.png") });
                long heapAfter = await HeapAsync(cdp);

                double[] totals = [.. firstRenders.Select(f => f.Total)];
                UpdateTiming[] firsts = [.. firstRenders.Select(f => f.Update)];
                _report.AppendLine("| measure | p50 | min | max | first (cold page) | target |");
                _report.AppendLine("|---|---:|---:|---:|---:|---|");
                Row("first render: tick → snapshot laid out and painted", totals, FirstRenderTarget);
                Row("  of which: tick → update() called (server, circuit, JSON)", [.. firstRenders.Select(f => f.Total - f.Update.ToPaint)], null);
                Row($"  of which: update() (add {mounts} nodes, layout, fit)", [.. firsts.Select(u => u.Apply)], null);
                Row("  of which: update() return → next frame (draw)", [.. firsts.Select(u => u.Painted - u.End)], null);
                Row($"{BatchSize}-change batch: update() (apply + place)", [.. batchTimes.Select(b => b.Apply)], BatchTarget);
                Row($"{BatchSize}-change batch: update() → next frame", [.. batchTimes.Select(b => b.ToPaint)], null);
                _report.AppendLine();
                _report.AppendLine(CultureInfo.InvariantCulture, $"JS heap used (after a forced GC): {Mb(heapBefore)} before drawing, {Mb(heapDrawn)} with {mounts} mounts drawn ({nodes} Cytoscape elements), {Mb(heapAfter)} after {batches} batches.");
                _report.AppendLine();
                _report.AppendLine("Where the first render's time goes (self time, second tick):");
                _report.AppendLine();
                _report.AppendLine(firstProfile);
                _report.AppendLine("Where a batch's time goes (self time, third batch):");
                _report.AppendLine();
                _report.AppendLine(batchProfile);
            }
            finally
            {
                await app.StopAsync();
            }
        }

        private async Task CommandsAsync(IBrowser browser)
        {
            // The real services: a real lab on this kernel; the engine's holders die when the app is disposed.
            await using var app = new MountVizWebApplication("http://127.0.0.1:0", accessToken: Token);
            await app.StartAsync();
            try
            {
                Uri address = app.Addresses[0];
                using var api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token.Value);
                using HttpResponseMessage created = await api.PostAsync("/api/labs", content: null);
                created.EnsureSuccessStatusCode();
                using JsonDocument lab = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
                string labId = lab.RootElement.GetProperty("id").GetString()!;
                string sourceId = $"lab.{labId}.base";
                try
                {
                    await using IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, BaseURL = address.ToString() });
                    context.SetDefaultTimeout(PageProbe.Patience);
                IPage page = await context.NewPageAsync();
                    await page.GotoAsync($"/?token={Token.Value}", new() { Timeout = 120_000 });
                    await PageProbe.InstallAsync(page);
                    int count = await PageProbe.UpdateCountAsync(page);
                    await page.Locator($"[id=\"sel-{sourceId}\"]").CheckAsync();
                    await PageProbe.WaitForUpdateAsync(page, count);
                    await page.Locator("#cmd-ns").SelectOptionAsync(sourceId);
                    await RunAsync(page, "mkdir " + string.Join(' ', Enumerable.Range(1, commands).Select(i => $"c{i}")));

                    var latencies = new List<double>();
                    for (int i = 1; i <= commands; i++)
                    {
                        string line = $"mount -t tmpfs tmpfs c{i}";
                        await RunAsync(page, line);
                        double drawn = await PageProbe.DrawnAtAsync(page, $"/c{i}");
                        latencies.Add(drawn - await PageProbe.EnteredAtAsync(page, line));
                    }

                    _report.AppendLine(CultureInfo.InvariantCulture, $"Command to graph in a real lab ({commands} × `mount -t tmpfs tmpfs cN` typed in the command line): Enter → the new mount applied in the graph.");
                    _report.AppendLine();
                    _report.AppendLine("| measure | p50 | min | max | first | target |");
                    _report.AppendLine("|---|---:|---:|---:|---:|---|");
                    Row("command → graph", [.. latencies], null);
                    _report.AppendLine();
                }
                finally
                {
                    using HttpResponseMessage deleted = await api.DeleteAsync($"/api/labs/{labId}");
                }
            }
            finally
            {
                await app.StopAsync();
            }
        }

        private static async Task RunAsync(IPage page, string line)
        {
            await page.Locator("#cmd-line").FillAsync(line);
            await page.Locator("#cmd-line").PressAsync("Enter");
            await page.WaitForFunctionAsync(
                "(line) => { const input = document.querySelector('#cmd-line'); return !input.disabled && document.querySelector('.cmd-output .cmd-ran code')?.textContent === line && !!document.querySelector('.cmd-output .op-result.is-ok'); }",
                line,
                new() { Timeout = 60_000, PollingInterval = 10 });
        }

        private void Row(string name, double[] values, double? target)
        {
            double[] sorted = [.. values.Order()];
            double p50 = sorted[(sorted.Length - 1) / 2];
            string verdict = target is double t ? (p50 < t ? $"< {t:F0} ms: met" : $"< {t:F0} ms: **missed**") : "";
            _report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {p50:F1} | {sorted[0]:F1} | {sorted[^1]:F1} | {values[0]:F1} | {verdict} |");
        }

        /// <summary>The bundle's source map as served, so profiles name cytoscape, dagre or graph.ts; null when it is not served.</summary>
        private async Task<SourceMap?> SourceMapAsync(Uri address)
        {
            using var client = new HttpClient { BaseAddress = address };
            using HttpResponseMessage response = await client.GetAsync("/js/graph.js.map");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            string path = Path.Combine(output, "graph.js.map");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            return SourceMap.Load(path);
        }

        private static async Task<long> HeapAsync(ICDPSession cdp)
        {
            await cdp.SendAsync("HeapProfiler.collectGarbage");
            JsonElement? usage = await cdp.SendAsync("Runtime.getHeapUsage");
            return (long)usage!.Value.GetProperty("usedSize").GetDouble();
        }

        private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MB");

        private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        private static async Task<string> ChromiumVersionAsync()
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Chromium, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return text.Trim().Split(' ').FirstOrDefault(w => w.Length > 0 && char.IsDigit(w[0])) ?? text.Trim();
        }
    }
}
