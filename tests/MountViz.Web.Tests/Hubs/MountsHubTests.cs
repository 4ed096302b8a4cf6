using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Hubs;

/// <summary>The hub's Watch stream with a real SignalR client and fake sources.</summary>
public class MountsHubTests
{
    private static readonly MountTable Table = FakeBackend.Table("1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n2 1 0:5 / /proc rw - proc proc rw\n");

    [Fact]
    public async Task Watch_streams_the_snapshot_then_each_batch_and_ends_the_subscription_on_cancel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        await using HubConnection hub = server.Hub();
        await hub.StartAsync(timeout.Token);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        await using IAsyncEnumerator<JsonElement> stream = hub.StreamAsync<JsonElement>("Watch", FakeBackend.HostSourceId, watching.Token).GetAsyncEnumerator(watching.Token);

        Assert.True(await stream.MoveNextAsync());
        JsonElement snapshot = stream.Current;
        Assert.Equal("kind", snapshot.EnumerateObject().First().Name);
        Assert.Equal("snapshot", snapshot.GetProperty("kind").GetString());
        Assert.Equal(FakeBackend.HostSourceId, snapshot.GetProperty("sourceId").GetString());
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], snapshot.GetProperty("mounts").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
        Assert.Equal(8, snapshot.GetProperty("diagnostics")[0].GetProperty("line").GetInt32());
        Assert.Equal(1, backend.Sources.ActiveSubscriptions);

        MountInfo proc = Table.Find(2)!;
        Assert.Equal(1, backend.Sources.Push(FakeBackend.HostSourceId, new MountChange(MountChangeKind.Added, proc, null)));
        Assert.True(await stream.MoveNextAsync());
        JsonElement first = stream.Current;
        Assert.Equal("changes", first.GetProperty("kind").GetString());
        JsonElement added = Assert.Single(first.GetProperty("changes").EnumerateArray());
        Assert.Equal("added", added.GetProperty("kind").GetString());
        Assert.Equal("/proc", added.GetProperty("mount").GetProperty("mountPoint").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("before").ValueKind);

        backend.Sources.Push(
            FakeBackend.HostSourceId,
            new MountChange(MountChangeKind.OptionsChanged, proc with { MountOptions = MountText.FromDisplay("ro,nosuid") }, proc),
            new MountChange(MountChangeKind.Removed, Table.Find(1)!, Table.Find(1)));
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(["optionsChanged", "removed"], stream.Current.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal("ro,nosuid", stream.Current.GetProperty("changes")[0].GetProperty("mount").GetProperty("mountOptions").GetString());
        Assert.Equal("rw", stream.Current.GetProperty("changes")[0].GetProperty("before").GetProperty("mountOptions").GetString());

        await watching.CancelAsync();
        await backend.Sources.WaitForSubscriptionsAsync(0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_subscription_ends_when_the_client_disconnects()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        await using HubConnection hub = server.Hub();
        await hub.StartAsync(timeout.Token);

        await using IAsyncEnumerator<JsonElement> stream = hub.StreamAsync<JsonElement>("Watch", FakeBackend.HostSourceId, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(1, backend.Sources.ActiveSubscriptions);

        await hub.StopAsync(timeout.Token);

        await backend.Sources.WaitForSubscriptionsAsync(0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_stream_completes_when_the_source_goes_away()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        await using HubConnection hub = server.Hub();
        await hub.StartAsync(timeout.Token);

        await using IAsyncEnumerator<JsonElement> stream = hub.StreamAsync<JsonElement>("Watch", FakeBackend.HostSourceId, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await stream.MoveNextAsync());
        backend.Sources.Complete(FakeBackend.HostSourceId);

        Assert.False(await stream.MoveNextAsync());
        await backend.Sources.WaitForSubscriptionsAsync(0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Watching_an_unknown_source_fails_with_a_message_that_says_where_to_look()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var backend = new FakeBackend();
        await using RunningServer server = await backend.StartAsync(timeout.Token);
        await using HubConnection hub = server.Hub();
        await hub.StartAsync(timeout.Token);

        HubException e = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (JsonElement _ in hub.StreamAsync<JsonElement>("Watch", "host.1", timeout.Token))
            {
            }
        });

        Assert.Contains("There is no source 'host.1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("GET /api/sources", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, backend.Sources.ActiveSubscriptions);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }
}
