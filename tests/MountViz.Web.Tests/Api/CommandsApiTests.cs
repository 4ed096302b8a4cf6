using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary><c>/api/labs/{id}/commands</c>, files and history against the real server with fakes.</summary>
public class CommandsApiTests
{
    private static readonly MountTable Before = FakeBackend.Table("22 21 0:42 / /a rw shared:8 - tmpfs t rw\n");
    private static readonly MountTable After = FakeBackend.Table("22 21 0:42 / /a rw shared:8 - tmpfs t rw\n30 22 0:50 / /a/sub rw shared:9 - tmpfs x rw\n31 22 0:50 / /a/sub rw master:9 - tmpfs x rw\n");

    [Fact]
    public async Task A_command_answers_with_its_result_and_the_changes_in_every_namespace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        MountInfo added = After.Find(30)!;
        backend.Operations.NextResult = new OperationResult(
            true,
            null,
            "Mounted.",
            "mount -t tmpfs x /a/sub",
            "mount(\"x\", \"/a/sub\", \"tmpfs\", 0, NULL)",
            [
                new NamespaceChange("base", new MountChange(MountChangeKind.Added, added, null)),
                new NamespaceChange("ns2", new MountChange(MountChangeKind.Added, After.Find(31)!, null)),
                new NamespaceChange("ns2", new MountChange(MountChangeKind.PropagationChanged, Before.Find(22)! with { Shared = 10 }, Before.Find(22))),
            ]);

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mount -t tmpfs x /a/sub"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement result = await response.JsonAsync(timeout.Token);
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("errno").ValueKind);
        Assert.Equal("mount -t tmpfs x /a/sub", result.GetProperty("shellCommand").GetString());
        Assert.Equal("mount(\"x\", \"/a/sub\", \"tmpfs\", 0, NULL)", result.GetProperty("syscall").GetString());
        JsonElement changes = result.GetProperty("changes");
        Assert.Equal(["base", "ns2", "ns2"], changes.EnumerateArray().Select(c => c.GetProperty("namespace").GetString()));
        Assert.Equal(["added", "added", "propagationChanged"], changes.EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal("/a/sub", changes[0].GetProperty("mount").GetProperty("mountPoint").GetString());
        Assert.Equal(JsonValueKind.Null, changes[0].GetProperty("before").ValueKind);
        Assert.Equal(9, changes[1].GetProperty("mount").GetProperty("master").GetInt32());
        Assert.Equal(8, changes[2].GetProperty("before").GetProperty("shared").GetInt32());
        Assert.Equal(10, changes[2].GetProperty("mount").GetProperty("shared").GetInt32());
        Assert.Equal([$"Execute {id} base: mount -t tmpfs x /a/sub"], backend.Operations.Calls);

        // Watchers of the lab's namespaces re-read at once (propagation changes wake none).
        Assert.Equal([$"lab.{id}.base"], backend.Sources.Refreshed);
    }

    [Fact]
    public async Task A_kernel_refusal_is_a_200_with_ok_false_the_errno_and_the_cause()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.NextResult = new OperationResult(false, "EINVAL", "Invalid argument: the bind source is unbindable.", "mount --bind /u /b", "mount(\"/u\", \"/b\", NULL, MS_BIND, NULL)", [])
        {
            Cause = "bind source is unbindable",
        };

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mount --bind /u /b"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement result = await response.JsonAsync(timeout.Token);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("EINVAL", result.GetProperty("errno").GetString());
        Assert.Equal("bind source is unbindable", result.GetProperty("cause").GetString());
        Assert.Empty(result.GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task An_unparsable_command_is_400_with_the_caret_rendering_and_is_not_run()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mount --bnd /a /b"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string detail = await response.ProblemDetailAsync(timeout.Token);
        const string rendering = "mount --bnd /a /b\n      ^^^^^";
        Assert.Contains("column 7", detail, StringComparison.Ordinal);
        Assert.EndsWith(rendering, detail, StringComparison.Ordinal);
        JsonElement problem = await response.JsonAsync(timeout.Token);
        Assert.Equal(rendering, problem.GetProperty("rendering").GetString());
        Assert.Equal(7, problem.GetProperty("column").GetInt32());
        Assert.Contains(problem.GetProperty("accepted").EnumerateArray(), a => a.GetString()!.Contains("--bind", StringComparison.Ordinal));
        Assert.Empty(backend.Operations.Calls);
    }

    [Theory]
    [InlineData("{}", "Missing namespace (the lab namespace to run it in, e.g. base) and command")]
    [InlineData("{\"namespace\": \"base\"}", "Missing command")]
    [InlineData("{\"command\": \"mkdir /a\"}", "Missing namespace")]
    [InlineData("{\"namespace\": \"base\", \"command\": \"   \"}", "Missing command")]
    [InlineData("{\"namespace\": \"base\", \"cmd\": \"mkdir /a\"}", "'cmd'")]
    [InlineData("{\"namespace\": \"base\", \"command\": [\"mkdir\", \"/a\"]}", "not the JSON this call takes")]
    [InlineData("not json", "not the JSON this call takes")]
    public async Task A_malformed_command_body_is_400_saying_what_is_wrong(string body, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", body, timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Empty(backend.Operations.Calls);
    }

    [Fact]
    public async Task A_command_for_a_missing_lab_or_namespace_is_404()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage lab = await server.Client.PostJsonAsync("/api/labs/ffffffff/commands", """{"namespace": "base", "command": "mkdir /a"}""", timeout.Token);
        using HttpResponseMessage ns = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "nope", "command": "mkdir /a"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, lab.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ns.StatusCode);
        Assert.Contains("it has base", await ns.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Empty(backend.Operations.Calls);
    }

    [Fact]
    public async Task Errors_the_operations_throw_get_their_kinds_status()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.Failure = new LabException(LabErrorKind.LimitReached, "Namespace base would hold 2001 mounts, over the limit of 2000 (MaxMountsPerNamespace).");

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mount --rbind / /x"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("MaxMountsPerNamespace", await response.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_that_shows_no_internals()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.Failure = new InvalidOperationException("internal state at 0xdeadbeef");

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/commands", """{"namespace": "base", "command": "mkdir /a"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("0xdeadbeef", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_are_listed_with_their_bounds_and_checked()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.Files = new FileTree("/a", new FileEntry("a", "directory", true, [new FileEntry("f", "file", false, [])]), Truncated: true);

        JsonElement tree = await (await server.Client.GetAsync($"/api/labs/{id}/namespaces/base/files?path=/a&maxDepth=2&maxEntries=10", timeout.Token)).JsonAsync(timeout.Token);
        using HttpResponseMessage defaults = await server.Client.GetAsync($"/api/labs/{id}/namespaces/base/files", timeout.Token);
        using HttpResponseMessage relative = await server.Client.GetAsync($"/api/labs/{id}/namespaces/base/files?path=a", timeout.Token);
        using HttpResponseMessage none = await server.Client.GetAsync($"/api/labs/{id}/namespaces/base/files?maxEntries=0", timeout.Token);
        using HttpResponseMessage deep = await server.Client.GetAsync($"/api/labs/{id}/namespaces/base/files?maxDepth=99", timeout.Token);

        Assert.Equal("/a", tree.GetProperty("path").GetString());
        Assert.True(tree.GetProperty("truncated").GetBoolean());
        Assert.True(tree.GetProperty("root").GetProperty("isMountPoint").GetBoolean());
        Assert.Equal("file", tree.GetProperty("root").GetProperty("children")[0].GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        Assert.Equal(HttpStatusCode.OK, relative.StatusCode); // against the namespace's current directory
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("maxDepth must be 0 to 16", await deep.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(
            [$"ListFiles {id} base /a depth=2 entries=10", $"ListFiles {id} base / depth=4 entries=500", $"ListFiles {id} base a depth=4 entries=500"],
            backend.Operations.Calls);
    }

    [Fact]
    public async Task History_lists_each_operation_with_its_result()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        backend.Operations.Records.Add(new OperationRecord(1, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Created.", "mkdir /a", "mkdir(\"/a\", 0755)", [])));
        backend.Operations.Records.Add(new OperationRecord(2, DateTimeOffset.UnixEpoch.AddSeconds(1), "ns2", new OperationResult(false, "ENOENT", "No such file", "rmdir /b", "rmdir(\"/b\")", [])));

        JsonElement history = await (await server.Client.GetAsync($"/api/labs/{id}/history", timeout.Token)).JsonAsync(timeout.Token);
        using HttpResponseMessage missing = await server.Client.GetAsync("/api/labs/ffffffff/history", timeout.Token);

        Assert.Equal([1, 2], history.EnumerateArray().Select(h => h.GetProperty("sequence").GetInt32()));
        Assert.Equal(["base", "ns2"], history.EnumerateArray().Select(h => h.GetProperty("namespace").GetString()));
        Assert.Equal("ENOENT", history[1].GetProperty("result").GetProperty("errno").GetString());
        Assert.Equal("1970-01-01T00:00:01+00:00", history[1].GetProperty("at").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
