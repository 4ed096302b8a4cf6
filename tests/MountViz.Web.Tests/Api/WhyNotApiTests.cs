using System.Net;
using System.Text.Json;
using MountViz.Core.Sources;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary><c>GET /api/sources/{id}/why</c> over host namespaces, against the real server with fake sources.</summary>
public class WhyNotApiTests
{
    // A host whose kubelet directory is a private mount, and a pod whose copy of it is private.
    private const string Host = "1001 1000 8:1 / / rw shared:51 - ext4 /dev/sda1 rw\n1020 1001 8:2 / /var/lib/kubelet rw - ext4 /dev/sdb1 rw\n";
    private const string Pod = "1100 1099 0:160 / / rw - overlay overlay rw\n1101 1100 8:2 / /var/lib/kubelet rw - ext4 /dev/sdb1 rw\n";

    private static FakeBackend Backend()
    {
        var backend = new FakeBackend();
        backend.Sources.Add(new SourceInfo("host.100", "host", "kubelet", 100, [10], null), FakeBackend.Table(Host));
        backend.Sources.Add(new SourceInfo("host.200", "host", "pause", 200, [20], null), FakeBackend.Table(Pod));
        return backend;
    }

    [Fact]
    public async Task A_pod_that_does_not_see_the_hosts_volume_mounts_gets_the_rule_and_the_fix()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        FakeBackend backend = Backend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);

        using HttpResponseMessage response = await server.Client.GetAsync("/api/sources/host.100/why?from=/var/lib/kubelet/pods/v&to=/var/lib/kubelet/pods/v&toSource=host.200", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement why = await response.JsonAsync(timeout.Token);
        Assert.True(why.GetProperty("supported").GetBoolean());
        Assert.Equal(("host.100", "host.200"), (why.GetProperty("fromNamespace").GetString(), why.GetProperty("toNamespace").GetString()));
        Assert.False(why.GetProperty("reaches").GetBoolean());
        Assert.Equal("R-RECV", why.GetProperty("stoppedRule").GetString());
        Assert.Contains("host.100:/var/lib/kubelet is private", why.GetProperty("stoppedBy").GetString(), StringComparison.Ordinal);
        JsonElement fix = why.GetProperty("fixes")[0];
        Assert.StartsWith("make /var/lib/kubelet shared in namespace host.100", fix.GetProperty("text").GetString(), StringComparison.Ordinal);
        JsonElement change = fix.GetProperty("changes")[0];
        Assert.Equal(("host.100", "/var/lib/kubelet", "mount --make-shared /var/lib/kubelet"), (change.GetProperty("namespace").GetString(), change.GetProperty("mountPoint").GetString(), change.GetProperty("command").GetString()));
        Assert.Equal("host.100", why.GetProperty("chain")[0].GetProperty("namespace").GetString());
        Assert.Equal("private", why.GetProperty("chain")[0].GetProperty("tags").GetString());
        Assert.Equal(0, backend.Sources.ActiveSubscriptions);
    }

    [Fact]
    public async Task Missing_paths_are_400_and_unknown_sources_404()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        FakeBackend backend = Backend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);

        using HttpResponseMessage noTo = await server.Client.GetAsync("/api/sources/host.100/why?from=/a", timeout.Token);
        using HttpResponseMessage relative = await server.Client.GetAsync("/api/sources/host.100/why?from=a&to=/b", timeout.Token);
        using HttpResponseMessage unknown = await server.Client.GetAsync("/api/sources/host.100/why?from=/a&to=/b&toSource=host.999", timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, noTo.StatusCode);
        Assert.Contains("from and to are required", await noTo.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
