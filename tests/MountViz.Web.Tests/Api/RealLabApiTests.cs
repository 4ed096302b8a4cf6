using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Linux.Labs;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

/// <summary>
/// The API and the hub over the REAL engine, executor and sources (as root: labs are real mount
/// namespaces with holder processes). Each test deletes every lab it creates; the server's
/// disposal kills any holder left anyway; the host's mount table must be byte-identical after.
/// </summary>
public sealed class RealLabApiTests : IAsyncLifetime
{
    private readonly string _mountRoot = $"/tmp/mvz-web-labs-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private readonly byte[] _hostMountInfo = File.ReadAllBytes("/proc/self/mountinfo");
    private readonly List<int> _holders = [];
    private RunningServer? _server;

    private RunningServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() =>
        // Everything real; only the mount root moves from /run/mountviz to a scratch directory.
        _server = await RunningServer.StartAsync(services => services.AddSingleton(new LabEngineOptions { MountRoot = _mountRoot }));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (int pid in _holders)
        {
            Assert.True(await GoneAsync(pid), $"holder process {pid} is still running after the lab was deleted and the server stopped");
        }

        // The engine made the (empty) mount root on the host; only lab namespaces mounted on it.
        if (Directory.Exists(_mountRoot))
        {
            Directory.Delete(_mountRoot, recursive: true);
        }

        Assert.True(File.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(_hostMountInfo), "the host's mount table changed during the test");
    }

    [Fact]
    public async Task A_mount_under_a_shared_mount_propagates_to_a_clone_and_reaches_its_hub_watcher()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        HttpClient api = Server.Client;
        string lab = await CreateLabAsync(timeout.Token);
        try
        {
            await RunAllOkAsync(lab, "base", ["mkdir -p /a /b", "mount -t tmpfs t /a", "mount --make-shared /a", "mkdir /a/sub /a/bound"], timeout.Token);

            // The clone's copy of /a (and of the workspace) stays a peer of base's.
            using HttpResponseMessage cloned = await api.PostJsonAsync($"/api/labs/{lab}/namespaces", """{"name": "ns2", "from": "base", "propagation": "unchanged"}""", timeout.Token);
            Assert.Equal(HttpStatusCode.Created, cloned.StatusCode);
            JsonElement ns2 = await cloned.JsonAsync(timeout.Token);
            string ns2Source = ns2.GetProperty("sourceId").GetString()!;
            Assert.Equal($"lab.{lab}.ns2", ns2Source);
            _holders.Add(ns2.GetProperty("pid").GetInt32());

            JsonElement sources = await (await api.GetAsync("/api/sources", timeout.Token)).JsonAsync(timeout.Token);
            JsonElement listed = sources.EnumerateArray().Single(s => s.GetProperty("id").GetString() == ns2Source);
            Assert.Equal("lab", listed.GetProperty("kind").GetString());
            Assert.Equal(lab, listed.GetProperty("labId").GetString());
            Assert.Equal([ns2.GetProperty("pid").GetInt32()], listed.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()));
            Assert.Contains(sources.EnumerateArray(), s => s.GetProperty("kind").GetString() == "host");

            await using HubConnection hub = Server.Hub();
            await hub.StartAsync(timeout.Token);
            await using IAsyncEnumerator<JsonElement> watch = hub.StreamAsync<JsonElement>("Watch", ns2Source, timeout.Token).GetAsyncEnumerator(timeout.Token);
            Assert.True(await watch.MoveNextAsync());
            Assert.Equal("snapshot", watch.Current.GetProperty("kind").GetString());
            Assert.Contains(watch.Current.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == "/a");
            Assert.DoesNotContain(watch.Current.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == "/a/sub");

            JsonElement mounted = await RunOkAsync(lab, "base", "mount -t tmpfs x /a/sub", timeout.Token);

            // The result lists the new mount in both namespaces.
            Assert.Equal(
                ["base:added:/a/sub", "ns2:added:/a/sub"],
                mounted.GetProperty("changes").EnumerateArray()
                    .Select(c => $"{c.GetProperty("namespace").GetString()}:{c.GetProperty("kind").GetString()}:{c.GetProperty("mount").GetProperty("mountPoint").GetString()}")
                    .Order(StringComparer.Ordinal));
            Assert.Equal("mount -t tmpfs x /a/sub", mounted.GetProperty("shellCommand").GetString());
            Assert.Contains("mount(\"x\"", mounted.GetProperty("syscall").GetString(), StringComparison.Ordinal);

            // ns2's watcher gets the propagated mount as a change batch.
            JsonElement added = await NextAddedAsync(watch, "/a/sub");
            Assert.Equal("tmpfs", added.GetProperty("fsType").GetString());
            Assert.Equal("x", added.GetProperty("source").GetString());

            // A bind propagates the same way.
            JsonElement bound = await RunOkAsync(lab, "base", "mount --bind /b /a/bound", timeout.Token);
            Assert.Contains(bound.GetProperty("changes").EnumerateArray(), c => c.GetProperty("namespace").GetString() == "ns2" && c.GetProperty("mount").GetProperty("mountPoint").GetString() == "/a/bound");
            Assert.Equal("mount(\"/b\", \"/a/bound\", NULL, MS_BIND, NULL)", bound.GetProperty("syscall").GetString());
            await NextAddedAsync(watch, "/a/bound");

            // The clone's table and files show it too.
            JsonElement table = await (await api.GetAsync($"/api/sources/{ns2Source}/mounts", timeout.Token)).JsonAsync(timeout.Token);
            Assert.Contains(table.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == "/a/sub");
            JsonElement all = await (await api.GetAsync($"/api/sources/{ns2Source}/mounts?scope=all", timeout.Token)).JsonAsync(timeout.Token);
            Assert.Contains(all.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == $"{_mountRoot}/workspace/a/sub");
            JsonElement files = await (await api.GetAsync($"/api/labs/{lab}/namespaces/ns2/files?path=/a", timeout.Token)).JsonAsync(timeout.Token);
            JsonElement sub = files.GetProperty("root").GetProperty("children").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "sub");
            Assert.True(sub.GetProperty("isMountPoint").GetBoolean());

            // The clone made through POST /namespaces is in the history in its place, as the command line's unshare.
            JsonElement history = await (await api.GetAsync($"/api/labs/{lab}/history", timeout.Token)).JsonAsync(timeout.Token);
            Assert.Equal(
                ["mkdir -p /a /b", "mount -t tmpfs t /a", "mount --make-shared /a", "mkdir /a/sub /a/bound", "unshare -m --propagation unchanged --from base ns2", "mount -t tmpfs x /a/sub", "mount --bind /b /a/bound"],
                history.EnumerateArray().Select(h => h.GetProperty("result").GetProperty("shellCommand").GetString()));

            using HttpResponseMessage deleted = await api.DeleteAsync($"/api/labs/{lab}/namespaces/ns2", timeout.Token);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            JsonElement after = await (await api.GetAsync($"/api/labs/{lab}/history", timeout.Token)).JsonAsync(timeout.Token);
            Assert.Equal("rmns ns2", after.EnumerateArray().Last().GetProperty("result").GetProperty("shellCommand").GetString());
            using HttpResponseMessage again = await api.DeleteAsync($"/api/labs/{lab}/namespaces/ns2", timeout.Token);
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        finally
        {
            await DeleteLabAsync(lab);
        }
    }

    [Fact]
    public async Task Kernel_refusals_are_200_ok_false_and_unparsable_lines_400()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        string lab = await CreateLabAsync(timeout.Token);
        try
        {
            await RunOkAsync(lab, "base", "mkdir /plain", timeout.Token);

            using HttpResponseMessage refused = await Server.Client.PostJsonAsync($"/api/labs/{lab}/commands", """{"namespace": "base", "command": "umount /plain"}""", timeout.Token);
            using HttpResponseMessage unparsable = await Server.Client.PostJsonAsync($"/api/labs/{lab}/commands", """{"namespace": "base", "command": "mount --bind"}""", timeout.Token);

            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            JsonElement result = await refused.JsonAsync(timeout.Token);
            Assert.False(result.GetProperty("ok").GetBoolean());
            Assert.Equal("EINVAL", result.GetProperty("errno").GetString());
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetString()));
            Assert.Empty(result.GetProperty("changes").EnumerateArray());
            Assert.Equal(HttpStatusCode.BadRequest, unparsable.StatusCode);
            Assert.Contains("mount --bind\n", await unparsable.ProblemDetailAsync(timeout.Token), StringComparison.Ordinal);
        }
        finally
        {
            await DeleteLabAsync(lab);
        }

        using HttpResponseMessage gone = await Server.Client.GetAsync($"/api/labs/{lab}", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_prediction_changes_nothing_and_the_commands_result_carries_it_matched()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        HttpClient api = Server.Client;
        string lab = await CreateLabAsync(timeout.Token);
        try
        {
            await RunAllOkAsync(lab, "base", ["mkdir -p /a", "mount -t tmpfs t /a", "mount --make-shared /a", "mkdir /a/sub"], timeout.Token);
            JsonElement cloned = await RunOkAsync(lab, "base", "unshare -m --propagation slave ns2", timeout.Token);
            Assert.True(cloned.GetProperty("matches").GetBoolean(), cloned.ToString());
            _holders.Add((await (await api.GetAsync($"/api/labs/{lab}", timeout.Token)).JsonAsync(timeout.Token))
                .GetProperty("namespaces").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "ns2").GetProperty("pid").GetInt32());

            using HttpResponseMessage predicted = await api.PostJsonAsync($"/api/labs/{lab}/predict", """{"namespace": "base", "command": "mount -t tmpfs x /a/sub"}""", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            JsonElement prediction = await predicted.JsonAsync(timeout.Token);
            Assert.True(prediction.GetProperty("supported").GetBoolean());
            Assert.Equal(JsonValueKind.Null, prediction.GetProperty("errno").ValueKind);
            JsonElement[] changes = [.. prediction.GetProperty("changes").EnumerateArray()];
            Assert.Equal(["base:added:/a/sub", "ns2:added:/a/sub"], changes.Select(c => $"{c.GetProperty("namespace").GetString()}:{c.GetProperty("kind").GetString()}:{c.GetProperty("mount").GetProperty("mountPoint").GetString()}"));
            JsonElement mounted = changes[0].GetProperty("mount");
            Assert.True(mounted.GetProperty("isNew").GetBoolean());
            Assert.Equal(1, mounted.GetProperty("shared").GetProperty("newIndex").GetInt32());
            Assert.Equal("shared:new group 1", mounted.GetProperty("tags").GetString());
            Assert.Equal("master:new group 1", changes[1].GetProperty("mount").GetProperty("tags").GetString());
            Assert.Contains(prediction.GetProperty("explanations").EnumerateArray(), e => e.GetProperty("namespace").GetString() == "ns2" && e.GetProperty("receives").ValueKind == JsonValueKind.True);

            // Nothing ran: the clone has no /a/sub yet, and the history has no entry for it.
            JsonElement table = await (await api.GetAsync($"/api/sources/lab.{lab}.ns2/mounts", timeout.Token)).JsonAsync(timeout.Token);
            Assert.DoesNotContain(table.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == "/a/sub");

            JsonElement result = await RunOkAsync(lab, "base", "mount -t tmpfs x /a/sub", timeout.Token);
            Assert.True(result.GetProperty("matches").GetBoolean(), result.ToString());
            Assert.Empty(result.GetProperty("findings").EnumerateArray());
            Assert.Equal(2, result.GetProperty("predicted").GetProperty("changes").GetArrayLength());

            // Why not? The clone's copy is a slave: base's mounts reach it, its own do not reach base.
            JsonElement why = await (await api.GetAsync($"/api/sources/lab.{lab}.base/why?from=/a/sub/w&to=/a/sub/w&toSource=lab.{lab}.ns2", timeout.Token)).JsonAsync(timeout.Token);
            Assert.True(why.GetProperty("reaches").GetBoolean(), why.ToString());
            Assert.Equal("/a/sub/w", why.GetProperty("arrival").GetString());
            Assert.Equal(["base:/a/sub", "ns2:/a/sub"], why.GetProperty("chain").EnumerateArray().Select(h => $"{h.GetProperty("namespace").GetString()}:{h.GetProperty("mountPoint").GetString()}"));
            JsonElement whyNot = await (await api.GetAsync($"/api/sources/lab.{lab}.ns2/why?from=/a/sub/w&to=/a/sub/w&toSource=lab.{lab}.base", timeout.Token)).JsonAsync(timeout.Token);
            Assert.False(whyNot.GetProperty("reaches").GetBoolean());
            Assert.Contains("never send", whyNot.GetProperty("stoppedBy").GetString(), StringComparison.Ordinal);
            Assert.NotEqual(0, whyNot.GetProperty("fixes").GetArrayLength());

            // A line the parser does not understand is a 400 for a prediction too.
            using HttpResponseMessage unparsable = await api.PostJsonAsync($"/api/labs/{lab}/predict", """{"namespace": "base", "command": "mount --bind /a"}""", timeout.Token);
            Assert.Equal(HttpStatusCode.BadRequest, unparsable.StatusCode);

            // An operation the simulator does not model: no guess, the reason instead.
            using HttpResponseMessage remount = await api.PostJsonAsync($"/api/labs/{lab}/predict", """{"namespace": "base", "command": "mount -o remount,ro /a"}""", timeout.Token);
            JsonElement unsupported = await remount.JsonAsync(timeout.Token);
            Assert.False(unsupported.GetProperty("supported").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(unsupported.GetProperty("reason").GetString()));
        }
        finally
        {
            await DeleteLabAsync(lab);
        }
    }

    private async Task<string> CreateLabAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage created = await Server.Client.PostAsync("/api/labs", null, cancellationToken);
        string body = await created.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /api/labs: {(int)created.StatusCode} {body}");
        JsonElement lab = JsonDocument.Parse(body).RootElement;
        _holders.Add(lab.GetProperty("namespaces")[0].GetProperty("pid").GetInt32());
        return lab.GetProperty("id").GetString()!;
    }

    private async Task DeleteLabAsync(string lab)
    {
        using HttpResponseMessage deleted = await Server.Client.DeleteAsync($"/api/labs/{lab}", CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private async Task<JsonElement> RunOkAsync(string lab, string ns, string command, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Server.Client.PostJsonAsync(
            $"/api/labs/{lab}/commands",
            JsonSerializer.Serialize(new { @namespace = ns, command }),
            cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{command}: {(int)response.StatusCode} {body}");
        JsonElement result = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{command}: {body}");
        return result;
    }

    private async Task RunAllOkAsync(string lab, string ns, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        foreach (string command in commands)
        {
            await RunOkAsync(lab, ns, command, cancellationToken);
        }
    }

    // Batches may also carry other changes (the workspace's propagation as seen later); wait for ours.
    private static async Task<JsonElement> NextAddedAsync(IAsyncEnumerator<JsonElement> watch, string mountPoint)
    {
        while (await watch.MoveNextAsync())
        {
            Assert.Equal("changes", watch.Current.GetProperty("kind").GetString());
            foreach (JsonElement change in watch.Current.GetProperty("changes").EnumerateArray())
            {
                if (change.GetProperty("kind").GetString() == "added" && change.GetProperty("mount").GetProperty("mountPoint").GetString() == mountPoint)
                {
                    return change.GetProperty("mount");
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"The watch stream ended before {mountPoint} was added.");
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (int i = 0; i < 100; i++)
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
