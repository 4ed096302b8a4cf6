using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;
using MountViz.Linux.Labs;
using MountViz.Web.Cli;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Scenarios;

/// <summary>
/// <c>GET /api/scenarios</c> and <c>GET /api/labs/{id}/scenario</c> against the real server: with
/// fakes for the answers' shape, and once over the real engine, where the downloaded file
/// replays green through <c>mountviz scenario run</c>.
/// </summary>
public class ScenarioApiTests
{
    [Fact]
    public async Task Scenarios_lists_the_built_ins_with_name_title_and_summary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);

        using HttpResponseMessage response = await server.Client.GetAsync("/api/scenarios", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement list = await response.JsonAsync(timeout.Token);
        Assert.Equal(BuiltInScenarios.Names.ToArray(), list.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray());
        JsonElement matrix = list[1];
        Assert.Equal(BuiltInScenarios.Load("propagation-matrix")!.Title, matrix.GetProperty("title").GetString());
        Assert.StartsWith("The article's question: `/home/a` is bound to `/home_a`", matrix.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.All(list.EnumerateArray(), s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("summary").GetString())));
    }

    [Fact]
    public async Task A_labs_history_downloads_as_a_yaml_scenario_file_that_loads()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.Records.AddRange(
        [
            Record(1, "base", new OperationResult(true, null, "Done.", "mkdir -p /a /b", "", [])),
            Record(2, "base", new OperationResult(true, null, "Done.", "unshare -m --propagation private ns2", "", [])),
            Record(3, "ns2", new OperationResult(true, null, "Done.", "mount --bind /a /b", "", [])),
            Record(4, "base", new OperationResult(false, "EINVAL", "Invalid argument.", "mount --move /a /b/a", "", [])),
        ]);

        using HttpResponseMessage response = await server.Client.GetAsync($"/api/labs/{id}/scenario?title=My%20lab", timeout.Token);

        string yaml = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, yaml);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"lab-{id}.yaml", response.Content.Headers.ContentDisposition?.FileName);
        ScenarioLoadResult loaded = ScenarioLoader.Load(yaml, $"lab-{id}");
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors) + "\n" + yaml);
        Scenario scenario = loaded.Scenario!;
        Assert.Equal("My lab", scenario.Title);
        Assert.Equal(["mkdir -p /a /b", "unshare -m --propagation private ns2", "mount --bind /a /b", "mount --move /a /b/a"], scenario.Steps.Select(s => s.Commands.Single()).ToArray());
        Assert.Equal("ns2", scenario.Steps[2].Namespace);
        Assert.Equal("EINVAL", Assert.IsType<ErrnoExpectation>(Assert.Single(scenario.Steps[3].Expectations)).Errno);
    }

    [Fact]
    public async Task An_unknown_lab_is_a_404_and_a_lab_without_operations_a_409_that_says_what_to_do()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage unknown = await server.Client.GetAsync("/api/labs/ffffffff/scenario", timeout.Token);
        using HttpResponseMessage empty = await server.Client.GetAsync($"/api/labs/{id}/scenario", timeout.Token);
        using HttpClient noToken = server.NewClient();
        using HttpResponseMessage anonymous = await noToken.GetAsync($"/api/labs/{id}/scenario", timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no lab 'ffffffff'", await unknown.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        Assert.Equal($"Lab {id} has no operation in its history to record: run a command first (POST /api/labs/{id}/commands), then download its scenario.", await empty.ProblemDetailAsync(timeout.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_both_endpoints()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);

        using HttpClient anonymous = server.NewClient();
        using HttpResponseMessage response = await anonymous.GetAsync("/openapi/v1.json", timeout.Token);

        JsonElement paths = (await response.JsonAsync(timeout.Token)).GetProperty("paths");
        JsonElement list = paths.GetProperty("/api/scenarios").GetProperty("get");
        Assert.Equal("ListScenarios", list.GetProperty("operationId").GetString());
        Assert.Equal("Scenarios", list.GetProperty("tags")[0].GetString());
        Assert.True(list.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        JsonElement record = paths.GetProperty("/api/labs/{id}/scenario").GetProperty("get");
        Assert.Equal("RecordLabScenario", record.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(record.GetProperty("summary").GetString()));
        Assert.True(record.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/yaml", out _));
        Assert.True(record.GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(record.GetProperty("responses").TryGetProperty("409", out _));
    }

    [Fact]
    public async Task A_real_labs_downloaded_scenario_replays_green_in_a_fresh_lab()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var serverSandbox = new ScenarioSandbox();
        using var replaySandbox = new ScenarioSandbox();
        string file = Path.Combine(Path.GetTempPath(), $"mvz-recorded-{Guid.NewGuid():N}.yaml");
        string? lab = null;
        await using RunningServer server = await RunningServer.StartAsync(services => services.AddSingleton(new LabEngineOptions { MountRoot = serverSandbox.MountRoot }), timeout.Token);
        try
        {
            using HttpResponseMessage created = await server.Client.PostAsync("/api/labs", null, timeout.Token);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            lab = (await created.JsonAsync(timeout.Token)).GetProperty("id").GetString()!;
            foreach ((string ns, string command) in new[]
            {
                ("base", "mkdir -p /s /t /u"),
                ("base", "mount -t tmpfs s /s"),
                ("base", "mount --make-shared /s"),
                ("base", "unshare -m --propagation unchanged ns2"),
                ("ns2", "mount --bind /s /t"),
                ("base", "mount --make-unbindable /s"),
                ("base", "mount --bind /s /u"),
            })
            {
                using HttpResponseMessage ran = await server.Client.PostJsonAsync($"/api/labs/{lab}/commands", JsonSerializer.Serialize(new { @namespace = ns, command }), timeout.Token);
                Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
            }

            using HttpResponseMessage download = await server.Client.GetAsync($"/api/labs/{lab}/scenario", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            await File.WriteAllBytesAsync(file, await download.Content.ReadAsByteArrayAsync(timeout.Token), timeout.Token);

            CliRun replay = CliRun.Invoke("scenario", "run", file, "--format", "json", "--mount-root", replaySandbox.MountRoot);

            Assert.True(replay.ExitCode == ScenarioCommand.ExitPassed, $"exit {replay.ExitCode}\n{replay.Error}\n{replay.Output}\n{File.ReadAllText(file)}");
            JsonElement steps = JsonDocument.Parse(replay.Output).RootElement.GetProperty("steps");
            Assert.Equal(8, steps.GetArrayLength());

            // The refused bind of the unbindable mount was recorded as a step that expects its errno.
            Assert.Equal("EINVAL", steps[7].GetProperty("commands")[0].GetProperty("errno").GetString());
            Assert.Equal("the last command fails with EINVAL", steps[7].GetProperty("expectations")[0].GetProperty("expected").GetString());
        }
        finally
        {
            File.Delete(file);
            if (lab is not null)
            {
                using HttpResponseMessage deleted = await server.Client.DeleteAsync($"/api/labs/{lab}", CancellationToken.None);
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }
        }
    }

    private static OperationRecord Record(int sequence, string ns, OperationResult result) =>
        new(sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), ns, result with { Namespace = ns });
}
