using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using MountViz.Web.Tests.ServerKill;

namespace MountViz.E2E.Tests.Support;

/// <summary>
/// The shared set-up of the browser tests: a real <c>mountviz serve</c> process on 127.0.0.1 (a
/// free port, a known token) and Debian's Chromium driven by Playwright (no Playwright browser
/// download: <c>playwright install</c> is never needed). Disposing deletes the labs left, SIGKILLs
/// the server by its PID and fails when any of its holder processes survives.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    /// <summary>Debian's package; scripts/test installs it when missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Hang guards for a loaded 2-core machine, not time limits.
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CleanupPatience = TimeSpan.FromSeconds(10);

    private readonly HashSet<(int Pid, string CommandLine)> _holders = [];
    private MountVizServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The server process.</summary>
    internal MountVizServerProcess Server => _server ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The browser; each test opens its own context in it.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>The server's address.</summary>
    public Uri Address => Server.Address;

    /// <summary>The URL the server prints for people: it sets the access cookie.</summary>
    public Uri TokenUrl => new(Server.Address, "/?token=" + Uri.EscapeDataString(Server.Token));

    /// <summary>A client with the token, for set-up and clean-up through the REST API.</summary>
    public HttpClient Api => Server.Client;

    /// <summary>What the server wrote so far, for failure messages.</summary>
    public string ServerOutput => Server.Output;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Assert.True(Environment.IsPrivilegedProcess, "The browser tests make real lab namespaces and need root.");
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium package (scripts/test does), the tests do not download Playwright's browsers.");
        _server = await MountVizServerProcess.StartAsync(StartPatience);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 120_000,
            Args =
            [
                // Root in a container: no user namespace sandbox; no GPU; nothing fetched from the network.
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is null)
        {
            return;
        }

        int serverPid = _server.Process.Id;
        NoteHolders();
        List<(int Pid, string CommandLine)> holders = [.. _holders];
        try
        {
            await DeleteLabsAsync();
        }
        finally
        {
            // By its PID, like the server-kill test: the holders must die with it (parent-death signal).
            await _server.KillAsync();
            _server.Dispose();
        }

        List<(int Pid, string CommandLine)> left = HolderProcesses.StillRunning(holders);
        var clock = Stopwatch.StartNew();
        while (left.Count > 0 && clock.Elapsed < CleanupPatience)
        {
            await Task.Delay(50);
            left = HolderProcesses.StillRunning(holders);
        }

        HolderProcesses.Kill(left);
        Assert.True(left.Count == 0, $"{CleanupPatience.TotalSeconds} s after the server (PID {serverPid}) was killed, its holders still ran:\n  {string.Join("\n  ", left.Select(h => $"{h.Pid} {h.CommandLine}"))}");
    }

    /// <summary>Opens a fresh browser context (no cookies) and a page in it.</summary>
    public async Task<BrowserSession> OpenAsync(string name, int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
            AcceptDownloads = true,
            // The dashboard's URLs are all 127.0.0.1: the server refuses other Host headers.
            BaseURL = Address.ToString(),
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await BrowserSession.StartAsync(this, context, name);
    }

    /// <summary>
    /// Remembers the server's holder processes now, so the end can check that every holder the
    /// tests made is gone, including those of labs deleted on the way.
    /// </summary>
    public void NoteHolders()
    {
        if (_server is not null)
        {
            _holders.UnionWith(HolderProcesses.Of(_server.Process.Id));
        }
    }

    /// <summary>Deletes a lab through the API; a lab already gone is fine.</summary>
    public async Task DeleteLabAsync(string labId)
    {
        using HttpResponseMessage response = await Api.DeleteAsync($"/api/labs/{labId}");
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound, $"DELETE /api/labs/{labId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The IDs of the labs that exist now.</summary>
    public async Task<List<string>> LabIdsAsync()
    {
        using JsonDocument labs = JsonDocument.Parse(await Api.GetStringAsync("/api/labs"));
        return [.. labs.RootElement.EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];
    }

    private async Task DeleteLabsAsync()
    {
        if (_server is null || _server.Process.HasExited)
        {
            return;
        }

        foreach (string id in await LabIdsAsync())
        {
            await DeleteLabAsync(id);
        }
    }
}
