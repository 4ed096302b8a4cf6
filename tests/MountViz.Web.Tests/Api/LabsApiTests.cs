using System.Net;
using System.Text.Json;
using MountViz.Core.Labs;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary><c>/api/labs</c> and its namespaces against the real server with a fake engine.</summary>
public class LabsApiTests
{
    [Fact]
    public async Task Creating_a_lab_is_201_with_its_location_id_and_base_namespace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);

        using HttpResponseMessage response = await server.Client.PostAsync("/api/labs", null, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonElement lab = await response.JsonAsync(timeout.Token);
        string id = lab.GetProperty("id").GetString()!;
        Assert.Equal($"/api/labs/{id}", response.Headers.Location?.OriginalString);
        JsonElement ns = Assert.Single(lab.GetProperty("namespaces").EnumerateArray());
        Assert.Equal("base", ns.GetProperty("name").GetString());
        Assert.Equal($"lab.{id}.base", ns.GetProperty("sourceId").GetString());
        int pid = ns.GetProperty("pid").GetInt32();
        Assert.True(pid > 0);
        Assert.Equal($"nsenter -t {pid} -m", ns.GetProperty("nsenterCommand").GetString());
        Assert.Equal(JsonValueKind.Null, ns.GetProperty("propagation").ValueKind);
        Assert.Equal(FakeLabEngine.Workspace, lab.GetProperty("workspacePath").GetString());
    }

    [Fact]
    public async Task Labs_are_listed_got_and_deleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string a = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;
        string b = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        JsonElement list = await (await server.Client.GetAsync("/api/labs", timeout.Token)).JsonAsync(timeout.Token);
        JsonElement one = await (await server.Client.GetAsync($"/api/labs/{b}", timeout.Token)).JsonAsync(timeout.Token);
        using HttpResponseMessage deleted = await server.Client.DeleteAsync($"/api/labs/{a}", timeout.Token);
        using HttpResponseMessage again = await server.Client.DeleteAsync($"/api/labs/{a}", timeout.Token);
        using HttpResponseMessage gone = await server.Client.GetAsync($"/api/labs/{a}", timeout.Token);

        Assert.Equal([a, b], list.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(b, one.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("GET /api/labs", await gone.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LabErrorKind.NotFound, HttpStatusCode.NotFound, "notFound")]
    [InlineData(LabErrorKind.Conflict, HttpStatusCode.Conflict, "conflict")]
    [InlineData(LabErrorKind.LimitReached, HttpStatusCode.Conflict, "limitReached")]
    [InlineData(LabErrorKind.InvalidRequest, HttpStatusCode.BadRequest, "invalidRequest")]
    [InlineData(LabErrorKind.HolderLost, HttpStatusCode.Gone, "holderLost")]
    [InlineData(LabErrorKind.KernelError, HttpStatusCode.InternalServerError, "kernelError")]
    public async Task Each_lab_error_kind_has_its_status_and_keeps_its_message(LabErrorKind kind, HttpStatusCode status, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        backend.Engine.Failure = new LabException(kind, $"Because of {kind}: do this instead.");

        using HttpResponseMessage response = await server.Client.PostAsync("/api/labs", null, timeout.Token);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal($"Because of {kind}: do this instead.", await response.ProblemDetailAsync(timeout.Token));
        Assert.Equal(name, (await response.JsonAsync(timeout.Token)).GetProperty("errorKind").GetString());
    }

    [Fact]
    public async Task A_namespace_is_cloned_with_the_propagation_asked_for_and_defaults_from_base_private()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage created = await server.Client.PostJsonAsync($"/api/labs/{id}/namespaces", """{"name": "ns2", "from": "base", "propagation": "unchanged"}""", timeout.Token);
        using HttpResponseMessage defaults = await server.Client.PostJsonAsync($"/api/labs/{id}/namespaces", """{"name": "ns3"}""", timeout.Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement ns = await created.JsonAsync(timeout.Token);
        Assert.Equal("ns2", ns.GetProperty("name").GetString());
        Assert.Equal($"lab.{id}.ns2", ns.GetProperty("sourceId").GetString());
        Assert.True(ns.GetProperty("pid").GetInt32() > 0);
        Assert.Equal("unchanged", ns.GetProperty("propagation").GetString());
        Assert.Equal("base", ns.GetProperty("clonedFrom").GetString());
        Assert.Equal($"/api/sources/lab.{id}.ns2/mounts", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Created, defaults.StatusCode);
        Assert.Equal(
            [$"CreateNamespace {id} ns2 from=base propagation=unchanged", $"CreateNamespace {id} ns3 from=base propagation=private"],
            backend.Engine.Calls.Where(c => c.StartsWith("CreateNamespace", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", "not the JSON this call takes")]
    [InlineData("{\"name\": ", "not the JSON this call takes")]
    [InlineData("[]", "not the JSON this call takes")]
    [InlineData("null", "null")]
    [InlineData("{}", "name is required")]
    [InlineData("{\"name\": 5}", "not the JSON this call takes")]
    [InlineData("{\"name\": \"ns2\", \"propagation\": \"rshared\"}", "'rshared' is not a propagation option")]
    [InlineData("{\"name\": \"ns 2\"}", "'ns 2' is not a namespace name")]
    [InlineData("{\"name\": \"ns2\", \"propagaton\": \"slave\"}", "propagaton")]
    public async Task A_malformed_namespace_body_is_400_saying_what_is_wrong(string body, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage response = await server.Client.PostJsonAsync($"/api/labs/{id}/namespaces", body, timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.DoesNotContain(backend.Engine.Calls, c => c.StartsWith("CreateNamespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415_saying_how_to_send_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        // What curl -d sends, and what a cross-site form could send without a preflight.
        using var form = new StringContent("""{"name": "ns2"}""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage response = await server.Client.PostAsync($"/api/labs/{id}/namespaces", form, timeout.Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await response.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cloning_in_a_missing_lab_is_404_and_deleting_a_namespace_is_204()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string id = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        using HttpResponseMessage missing = await server.Client.PostJsonAsync("/api/labs/ffffffff/namespaces", """{"name": "ns2"}""", timeout.Token);
        using HttpResponseMessage deleted = await server.Client.DeleteAsync($"/api/labs/{id}/namespaces/ns2", timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Contains($"DeleteNamespace {id} ns2", backend.Engine.Calls);
    }
}
