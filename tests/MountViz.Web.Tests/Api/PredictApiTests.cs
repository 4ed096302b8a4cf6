using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary><c>POST /api/labs/{id}/predict</c> and the prediction in command results, against the real server with fakes: the JSON shapes.</summary>
public class PredictApiTests
{
    private static readonly Prediction Sample = new()
    {
        Supported = true,
        Changes = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<PredictedChange>>
        {
            ["ns2"] = [new PredictedChange(MountChangeKind.Added, new PredictedMount(41, true, 22, "/a/sub", "/", "tmpfs", "x", null, null, null, new GroupRef(null, 1), false), null)],
            ["base"] =
            [
                new PredictedChange(MountChangeKind.Added, new PredictedMount(40, true, 21, "/a/sub", "/", "tmpfs", "x", null, null, new GroupRef(null, 1), null, false), null),
                new PredictedChange(
                    MountChangeKind.PropagationChanged,
                    new PredictedMount(21, false, 20, "/a", "/", "tmpfs", "t", 0, 42, new GroupRef(8, null), null, false),
                    new PredictedMount(21, false, 20, "/a", "/", "tmpfs", "t", 0, 42, null, null, false)),
            ],
        }),
        Explanations = [new PropagationExplanation("ns2", "/a", true, "R-RECV", "ns2:/a is a slave of shared:8, so the mount at /a/sub is copied to /a/sub.")],
    };

    [Fact]
    public async Task A_prediction_is_answered_in_the_shape_of_observed_changes_with_symbolic_groups()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.NextPrediction = Sample;

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/predict", """{"namespace": "base", "command": "mount -t tmpfs x /a/sub"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement p = await response.JsonAsync(timeout.Token);
        Assert.Equal(["supported", "reason", "errno", "changes", "explanations"], p.EnumerateObject().Select(o => o.Name));
        Assert.True(p.GetProperty("supported").GetBoolean());
        JsonElement[] changes = [.. p.GetProperty("changes").EnumerateArray()];
        Assert.Equal(["base:added", "base:propagationChanged", "ns2:added"], changes.Select(c => $"{c.GetProperty("namespace").GetString()}:{c.GetProperty("kind").GetString()}"));
        JsonElement mount = changes[0].GetProperty("mount");
        Assert.Equal(40, mount.GetProperty("id").GetInt32());
        Assert.True(mount.GetProperty("isNew").GetBoolean());
        Assert.Equal(21, mount.GetProperty("parentId").GetInt32());
        Assert.Equal(JsonValueKind.Null, mount.GetProperty("shared").GetProperty("id").ValueKind);
        Assert.Equal(1, mount.GetProperty("shared").GetProperty("newIndex").GetInt32());
        Assert.Equal("new group 1", mount.GetProperty("shared").GetProperty("label").GetString());
        Assert.Equal("shared:new group 1", mount.GetProperty("tags").GetString());
        Assert.Equal(JsonValueKind.Null, changes[0].GetProperty("before").ValueKind);
        Assert.Equal("private", changes[1].GetProperty("before").GetProperty("tags").GetString());
        Assert.Equal(8, changes[1].GetProperty("mount").GetProperty("shared").GetProperty("id").GetInt32());
        Assert.Equal("master:new group 1", changes[2].GetProperty("mount").GetProperty("tags").GetString());
        JsonElement why = Assert.Single(p.GetProperty("explanations").EnumerateArray());
        Assert.Equal(("ns2", "/a", true, "R-RECV"), (why.GetProperty("namespace").GetString(), why.GetProperty("path").GetString(), why.GetProperty("receives").GetBoolean(), why.GetProperty("rule").GetString()));
        Assert.Equal([$"Predict {id} base: mount -t tmpfs x /a/sub"], backend.Operations.Calls);
    }

    [Fact]
    public async Task A_prediction_is_checked_as_a_command_is_and_runs_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage unparsable = await server.Client.PostJsonAsync($"/api/labs/{id}/predict", """{"namespace": "base", "command": "mount --bind /a"}""", timeout.Token);
        using HttpResponseMessage missing = await server.Client.PostJsonAsync($"/api/labs/{id}/predict", """{"namespace": "base"}""", timeout.Token);
        using HttpResponseMessage noLab = await server.Client.PostJsonAsync("/api/labs/nolab/predict", """{"namespace": "base", "command": "mount --bind /a /b"}""", timeout.Token);
        using HttpResponseMessage noNamespace = await server.Client.PostJsonAsync($"/api/labs/{id}/predict", """{"namespace": "nope", "command": "mount --bind /a /b"}""", timeout.Token);
        using HttpResponseMessage unsupported = await server.Client.PostJsonAsync($"/api/labs/{id}/predict", """{"namespace": "base", "command": "mount --bind /a /b"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, unparsable.StatusCode);
        Assert.Contains("mount --bind /a\n", await unparsable.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noLab.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noNamespace.StatusCode);
        JsonElement none = await unsupported.JsonAsync(timeout.Token);
        Assert.False(none.GetProperty("supported").GetBoolean());
        Assert.Equal("The fake predicts nothing.", none.GetProperty("reason").GetString());
        Assert.Empty(none.GetProperty("changes").EnumerateArray());
        Assert.DoesNotContain(backend.Operations.Calls, c => c.StartsWith("Execute", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commands_result_carries_the_prediction_whether_it_matched_and_the_findings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.NextResult = new OperationResult(true, null, "Done.", "mount -t tmpfs x /a/sub", "mount(...)", [])
        {
            Predicted = Sample,
            Comparison = new PredictionComparison(false, ["Predicted in namespace ns2 but not observed: /a/sub added (tmpfs x, master:new group 1)."], ["ok"], ["ok"]),
        };

        JsonElement result = await (await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mount -t tmpfs x /a/sub"}""", timeout.Token)).JsonAsync(timeout.Token);

        Assert.False(result.GetProperty("matches").GetBoolean());
        Assert.Equal(["Predicted in namespace ns2 but not observed: /a/sub added (tmpfs x, master:new group 1)."], result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(3, result.GetProperty("predicted").GetProperty("changes").GetArrayLength());

        // Without a prediction: predicted and matches are null, findings empty.
        backend.Operations.NextResult = new OperationResult(true, null, "Done.", "mkdir /x", "mkdir(...)", []);
        JsonElement plain = await (await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mkdir /x"}""", timeout.Token)).JsonAsync(timeout.Token);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("predicted").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("matches").ValueKind);
        Assert.Empty(plain.GetProperty("findings").EnumerateArray());
    }
}
