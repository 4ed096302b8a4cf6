using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace MountViz.Web.Tests.ServerKill;

/// <summary>
/// The real <c>mountviz serve</c>, as a child process (<c>dotnet mountviz.dll serve</c> from
/// this test's build output) on 127.0.0.1 and a free port, with its output captured for
/// failure messages. Disposing SIGKILLs it if it is still running.
/// </summary>
internal sealed class MountVizServerProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private MountVizServerProcess(Process process, Uri address, string token)
    {
        Process = process;
        Address = address;
        Token = token;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Process Process { get; }

    public Uri Address { get; }

    /// <summary>The access token the server was started with (<c>--token</c>).</summary>
    public string Token { get; }

    /// <summary>A client with the access token.</summary>
    public HttpClient Client { get; }

    /// <summary>What the server wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until its API answers.</summary>
    public static async Task<MountVizServerProcess> StartAsync(TimeSpan patience)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mountviz.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project should copy the mountviz app (its project reference) into its output.");
        int port = FreePort();
        string token = "server-kill-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (string argument in (string[])[dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--token", token])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new MountVizServerProcess(process, new Uri($"http://127.0.0.1:{port}"), token);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilListeningAsync(patience);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no managed cleanup runs in the server.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
        }

        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Client.Dispose();
        Process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(Process.HasExited, $"mountviz serve exited with {(Process.HasExited ? Process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?")} before listening:\n{Output}");
            try
            {
                using HttpResponseMessage response = await Client.GetAsync("/api/labs");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A hang guard, not a time limit on start-up.
            Assert.True(clock.Elapsed < patience, $"mountviz serve did not answer on {Address} within {patience.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
