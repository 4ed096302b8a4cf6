using System.Net;
using System.Text.Json;
using MountViz.Core.Sources;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary><c>/api/sources</c> against the real server with fake sources.</summary>
public class SourcesApiTests
{
    private const string LabMountinfo =
        "1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n" +
        "20 1 0:40 / /run/mountviz rw - tmpfs mountviz-shelf rw\n" +
        "21 20 0:41 / /run/mountviz/workspace rw shared:7 - tmpfs mountviz-lab rw\n" +
        "22 21 0:42 / /run/mountviz/workspace/a rw shared:8 - tmpfs t rw\n";

    [Fact]
    public async Task Lists_every_source_with_kind_inode_pids_and_lab_id()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        backend.Sources.Add(new SourceInfo("lab.000000a0.base", "lab", "base", 4026532500, [4242], "000000a0"), FakeBackend.Table(LabMountinfo));
        await using RunningServer server = await backend.StartAsync(timeout.Token);

        JsonElement sources = await (await server.Client.GetAsync("/api/sources", timeout.Token)).JsonAsync(timeout.Token);

        Assert.Equal(2, sources.GetArrayLength());
        JsonElement host = sources[0];
        Assert.Equal(FakeBackend.HostSourceId, host.GetProperty("id").GetString());
        Assert.Equal("host", host.GetProperty("kind").GetString());
        Assert.Equal("systemd", host.GetProperty("name").GetString());
        Assert.Equal(4026531841UL, host.GetProperty("inode").GetUInt64());
        Assert.Equal([1, 2], host.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(JsonValueKind.Null, host.GetProperty("labId").ValueKind);
        JsonElement lab = sources[1];
        Assert.Equal("lab", lab.GetProperty("kind").GetString());
        Assert.Equal("000000a0", lab.GetProperty("labId").GetString());
        Assert.Equal([4242], lab.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()));
    }

    [Fact]
    public async Task A_host_sources_mounts_come_from_a_fresh_snapshot_whose_subscription_ends()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);

        using HttpResponseMessage response = await server.Client.GetAsync($"/api/sources/{FakeBackend.HostSourceId}/mounts", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement table = await response.JsonAsync(timeout.Token);
        JsonElement mounts = table.GetProperty("mounts");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], mounts.EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
        JsonElement hidden = mounts[3];
        Assert.Equal("/mnt/a", hidden.GetProperty("mountPoint").GetString());
        Assert.True(hidden.GetProperty("hidden").GetBoolean());
        Assert.Equal("slave", hidden.GetProperty("propagation").GetString());
        Assert.Equal(3, hidden.GetProperty("master").GetInt32());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("shared").ValueKind);
        Assert.Equal(8, table.GetProperty("diagnostics")[0].GetProperty("line").GetInt32());
        Assert.Equal(1, backend.Sources.SubscribeCalls);
        Assert.Equal(0, backend.Sources.ActiveSubscriptions);
    }

    [Fact]
    public async Task A_lab_namespaces_mounts_are_its_workspace_with_lab_paths_unless_scope_is_all()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        backend.Engine.Tables["base"] = FakeBackend.Table(LabMountinfo);
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        string labId = (await backend.Engine.CreateLabAsync(timeout.Token)).Id;

        JsonElement workspace = await (await server.Client.GetAsync($"/api/sources/lab.{labId}.base/mounts", timeout.Token)).JsonAsync(timeout.Token);
        JsonElement all = await (await server.Client.GetAsync($"/api/sources/lab.{labId}.base/mounts?scope=all", timeout.Token)).JsonAsync(timeout.Token);

        Assert.Equal(["/", "/a"], workspace.GetProperty("mounts").EnumerateArray().Select(m => m.GetProperty("mountPoint").GetString()));
        Assert.Equal(["/", "/run/mountviz", "/run/mountviz/workspace", "/run/mountviz/workspace/a"], all.GetProperty("mounts").EnumerateArray().Select(m => m.GetProperty("mountPoint").GetString()));
        Assert.Equal(0, backend.Sources.SubscribeCalls);
    }

    [Fact]
    public async Task An_unknown_source_is_404_and_an_unknown_scope_400()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);

        using HttpResponseMessage missing = await server.Client.GetAsync("/api/sources/host.1/mounts", timeout.Token);
        using HttpResponseMessage scope = await server.Client.GetAsync($"/api/sources/{FakeBackend.HostSourceId}/mounts?scope=everything", timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("GET /api/sources", await missing.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
        Assert.Contains("'all'", await scope.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
    }
}
