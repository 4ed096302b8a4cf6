using System.Text.Json;
using Microsoft.Playwright;

namespace MountViz.E2E.Tests.Support;

/// <summary>
/// The dashboard at <c>/</c> as a user drives it: role, label and id locators, and the
/// Cytoscape instance the graph module exposes on its element (<c>element.__mountviz</c>) to read
/// what is drawn. Every wait is on a condition (Playwright's auto-wait or a page predicate).
/// </summary>
public sealed class DashboardUi
{
    /// <summary>How long a condition may take on a loaded 2-core machine before the test fails.</summary>
    public const float Patience = 45_000;

    // The graph element and its test hook (client/src/graph.ts: TestHook).
    private const string GraphJs = "document.querySelector('.mount-graph')?.__mountviz";

    private const string MountsJs = """
        (ns) => {
          const hook = document.querySelector('.mount-graph')?.__mountviz;
          if (!hook) return null;
          return hook.cy.nodes('.mount').filter(n => !n.hasClass('ghost') && (ns === null || n.data('namespace') === ns)).map(n => ({
            id: n.id(), namespace: n.data('namespace'), mountPoint: n.data('mountPoint'), propagation: n.data('propagation'),
            shared: n.data('shared') ?? null, master: n.data('master') ?? null, propagated: n.data('propagated') === true }));
        }
        """;

    private DashboardUi(BrowserSession session) => Session = session;

    /// <summary>The browser session.</summary>
    public BrowserSession Session { get; }

    /// <summary>The page.</summary>
    public IPage Page => Session.Page;

    /// <summary>The command line's input.</summary>
    public ILocator CommandLine => Page.Locator("#cmd-line");

    /// <summary>The result of the last command.</summary>
    public ILocator CommandOutput => Page.Locator(".cmd-output");

    /// <summary>
    /// Opens the token URL (which sets the access cookie) and waits until the page is interactive:
    /// the graph module exists only once the Blazor circuit has rendered the component.
    /// </summary>
    public static async Task<DashboardUi> OpenAsync(BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        IResponse? response = await session.Page.GotoAsync(session.Server.TokenUrl.ToString());
        Assert.True(response is { Ok: true }, $"GET {session.Server.TokenUrl}: {response?.Status}");
        var ui = new DashboardUi(session);
        await ui.WaitForInteractiveAsync();
        return ui;
    }

    /// <summary>Waits until the Blazor circuit drew the graph component.</summary>
    public async Task WaitForInteractiveAsync() =>
        await WaitAsync($"() => !!({GraphJs})", null, "the graph module to start (the Blazor circuit to connect)");

    /// <summary>Clicks Create lab and returns the new lab's ID (the session deletes it at the end).</summary>
    public async Task<string> CreateLabAsync()
    {
        List<string> before = await Session.Server.LabIdsAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create lab", Exact = true }).ClickAsync();

        // The new lab's card: the first whose ID was not there before the click.
        IJSHandle handle;
        try
        {
            handle = await Page.WaitForFunctionAsync(
                "(before) => [...document.querySelectorAll('article.lab-card')].map(a => (a.getAttribute('aria-label') ?? '').replace(/^Lab /, '')).find(id => id && !before.includes(id)) ?? false",
                before,
                new() { Timeout = Patience, PollingInterval = 50 });
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"Create lab showed no new lab within {Patience / 1000} s: {e.Message}\n{Diagnostics()}");
        }

        string id = await handle.JsonValueAsync<string>();
        await handle.DisposeAsync();
        Session.Owns(id);
        await Assertions.Expect(LabCard(id)).ToBeVisibleAsync(new() { Timeout = Patience });
        Session.Server.NoteHolders();
        return id;
    }

    /// <summary>The sources panel's card of a lab.</summary>
    public ILocator LabCard(string labId) => Page.Locator($"article.lab-card[aria-label=\"Lab {labId}\"]");

    /// <summary>The checkbox that draws a source.</summary>
    public ILocator SourceCheckbox(string sourceId) => Page.Locator($"input[type=checkbox][id=\"sel-{sourceId}\"]");

    /// <summary>Ticks a source and waits until its namespace is drawn with its mounts.</summary>
    public async Task SelectAsync(string sourceId)
    {
        await SourceCheckbox(sourceId).CheckAsync(new() { Timeout = Patience });
        await WaitAsync(
            "(ns) => { const hook = document.querySelector('.mount-graph')?.__mountviz; return !!hook && hook.cy.nodes('.mount').filter(n => n.data('namespace') === ns).length > 0; }",
            Namespace(sourceId),
            $"{sourceId} to be drawn");
    }

    /// <summary>Clones a lab namespace with the form in the lab's card; returns the clone's source ID.</summary>
    public async Task<string> CloneAsync(string labId, string name, string from, string propagation)
    {
        ILocator card = LabCard(labId);
        ILocator details = card.Locator("details.clone-form");
        if (await details.GetAttributeAsync("open") is null)
        {
            await card.Locator("summary", new() { HasText = "Clone a namespace" }).ClickAsync();
        }

        await card.Locator($"[id=\"clone-name-{labId}\"]").FillAsync(name);
        await card.Locator($"[id=\"clone-from-{labId}\"]").SelectOptionAsync(from);
        await card.Locator($"[id=\"clone-prop-{labId}\"]").SelectOptionAsync(new SelectOptionValue { Label = propagation });
        await card.GetByRole(AriaRole.Button, new() { Name = "Clone", Exact = true }).ClickAsync();
        string sourceId = LabSource(labId, name);
        await Assertions.Expect(SourceCheckbox(sourceId)).ToBeVisibleAsync(new() { Timeout = Patience });
        Session.Server.NoteHolders();
        return sourceId;
    }

    /// <summary>
    /// Types <paramref name="line"/> into the command line for <paramref name="sourceId"/>, presses
    /// Enter and waits for its result (ok or refused); returns the result's element.
    /// </summary>
    public async Task<ILocator> RunCommandAsync(string sourceId, string line)
    {
        await Page.Locator("#cmd-ns").SelectOptionAsync(sourceId);
        await CommandLine.FillAsync(line);
        await CommandLine.PressAsync("Enter");
        await WaitForResultAsync(line);
        return CommandOutput.Locator(".op-result").First;
    }

    /// <summary>
    /// Runs an operation by clicking, as a user does: its button (<c>data-op</c>), its form's fields
    /// (by <c>name</c>), Run (<c>data-action="run-op"</c>); waits for the result and returns it.
    /// </summary>
    public async Task<ILocator> ClickOperationAsync(string sourceId, string operation, params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        await Page.Locator("#cmd-ns").SelectOptionAsync(sourceId);
        await Page.Locator($"button[data-op=\"{operation}\"]").ClickAsync();
        ILocator form = Page.Locator($"form[data-form=\"{operation}\"]");
        await Assertions.Expect(form).ToBeVisibleAsync(new() { Timeout = Patience });
        foreach ((string name, string value) in fields)
        {
            await form.Locator($"[name=\"{name}\"]").FillAsync(value);
        }

        // The form shows the command line it makes; the result is announced under that line.
        ILocator run = form.Locator("[data-action=\"run-op\"]");
        await Assertions.Expect(run).ToBeEnabledAsync(new() { Timeout = Patience });
        string line = (await form.Locator(".op-preview").InnerTextAsync()).Trim().TrimStart('$').Trim();
        await run.ClickAsync();
        await WaitForResultAsync(line);
        return CommandOutput.Locator(".op-result").First;
    }

    /// <summary>Runs a command that must succeed.</summary>
    public async Task RunOkAsync(string sourceId, string line) =>
        await AssertOkAsync(await RunCommandAsync(sourceId, line), $"`{line}` in {sourceId}");

    /// <summary>Asserts that a result element shows success.</summary>
    public static async Task AssertOkAsync(ILocator result, string what)
    {
        ArgumentNullException.ThrowIfNull(result);
        string classes = await result.GetAttributeAsync("class") ?? "";
        Assert.True(classes.Contains("is-ok", StringComparison.Ordinal), $"{what} failed: {await result.InnerTextAsync()}");
    }

    /// <summary>Waits until the result of <paramref name="line"/> is shown (ok, refused by the kernel, or not run).</summary>
    public async Task WaitForResultAsync(string line) =>
        await WaitAsync(
            """
            (line) => {
              const output = document.querySelector('.cmd-output');
              if (!output || output.querySelector('.op-running')) return false;
              const ran = output.querySelector('.cmd-ran code')?.textContent?.trim();
              const refused = output.querySelector('.op-result.is-failed .op-message')?.textContent?.trim();
              return (ran === line || refused === line) && !!output.querySelector('.op-result');
            }
            """,
            line,
            $"the result of `{line}`");

    /// <summary>The mounts drawn now, of one namespace (a source ID) or of all (null).</summary>
    public async Task<List<GraphMount>> MountsAsync(string? sourceId)
    {
        JsonElement result = await Page.EvaluateAsync<JsonElement>(MountsJs, sourceId is null ? null : Namespace(sourceId));
        Assert.True(result.ValueKind == JsonValueKind.Array, "the graph module's test hook (element.__mountviz) is missing");
        return [.. result.EnumerateArray().Select(ReadMount)];
    }

    /// <summary>Waits until <paramref name="mountPoint"/> is drawn in <paramref name="sourceId"/>'s namespace and returns it.</summary>
    public async Task<GraphMount> WaitForMountAsync(string sourceId, string mountPoint)
    {
        await WaitAsync(
            "([ns, mp]) => { const hook = document.querySelector('.mount-graph')?.__mountviz; return !!hook && hook.cy.nodes('.mount').some(n => !n.hasClass('ghost') && n.data('namespace') === ns && n.data('mountPoint') === mp); }",
            new[] { Namespace(sourceId), mountPoint },
            $"{mountPoint} to be drawn in {sourceId}");
        List<GraphMount> mounts = await MountsAsync(sourceId);
        return mounts.Last(m => m.MountPoint == mountPoint);
    }

    /// <summary>Clicks a mount's node on the canvas (as a user does) and waits for the inspector to show it.</summary>
    public async Task ClickMountAsync(GraphMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        JsonElement point = await Page.EvaluateAsync<JsonElement>(
            """
            (id) => {
              const element = document.querySelector('.mount-graph');
              const cy = element.__mountviz.cy;
              const node = cy.getElementById(id);
              // Pan (not zoom) so the node is in view, as a user would scroll to it.
              cy.center(node);
              const box = element.getBoundingClientRect();
              const p = node.renderedPosition();
              return { x: box.left + p.x, y: box.top + p.y, inside: p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height };
            }
            """,
            mount.Id);
        Assert.True(point.GetProperty("inside").GetBoolean(), $"{mount.MountPoint} ({mount.Id}) is not inside the graph's element even when centred: {point}");
        await Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await Assertions.Expect(Page.Locator(".insp-mountpoint")).ToHaveTextAsync(mount.MountPoint, new() { Timeout = Patience });
    }

    /// <summary>The graph's compound node of a source.</summary>
    public static string Namespace(string sourceId) => "ns:" + sourceId;

    /// <summary>The source ID of a lab namespace.</summary>
    public static string LabSource(string labId, string name) => $"lab.{labId}.{name}";

    /// <summary>Waits for a page predicate; on timeout the failure says what was awaited, with the page's errors and the server's output.</summary>
    public async Task WaitAsync(string predicate, object? argument, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(predicate, argument, new() { Timeout = Patience, PollingInterval = 50 });
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"Waited {Patience / 1000} s for {what}: {e.Message}\n{Diagnostics()}");
        }
    }

    private string Diagnostics() =>
        $"Browser errors:\n{Session.ConsoleErrors}\nServer output (last 4000 chars):\n{Tail(Session.Server.ServerOutput, 4000)}";

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    private static GraphMount ReadMount(JsonElement m) => new(
        m.GetProperty("id").GetString()!,
        m.GetProperty("namespace").GetString()!,
        m.GetProperty("mountPoint").GetString()!,
        m.GetProperty("propagation").GetString()!,
        m.GetProperty("shared").ValueKind == JsonValueKind.Number ? m.GetProperty("shared").GetInt32() : null,
        m.GetProperty("master").ValueKind == JsonValueKind.Number ? m.GetProperty("master").GetInt32() : null,
        m.GetProperty("propagated").GetBoolean());
}
