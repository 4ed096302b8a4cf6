using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MountViz.Web.Tests.ServerKill;

/// <summary>
/// Holder cleanup with the real server (issue 3): start <c>mountviz serve</c>, make a lab with 3
/// namespaces through the API, SIGKILL the server; then no holder process, no process in the
/// lab's namespaces and no lab mount in the host's mount table remains. Root only (labs need it).
/// </summary>
[Collection(ServerKillGroup.Name)]
public sealed class ServerKillTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    // What "at once" means after SIGKILL: the parent-death signal is immediate; this only leaves
    // room for a loaded machine.
    private static readonly TimeSpan CleanupPatience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigkill_of_the_server_leaves_no_holder_namespace_or_mount()
    {
        Assert.True(Environment.IsPrivilegedProcess, "This test makes real lab namespaces and needs root.");
        byte[] hostBefore = File.ReadAllBytes("/proc/self/mountinfo");
        byte[] initBefore = File.ReadAllBytes("/proc/1/mountinfo");
        var holders = new List<(int Pid, ulong Inode, string Name)>();
        string? labId = null;
        int serverPid;

        // Closed when the test ends, passed or failed (see HeldNamespaces).
        using var held = new HeldNamespaces();

        using (MountVizServerProcess server = await MountVizServerProcess.StartAsync(StartPatience))
        {
            serverPid = server.Process.Id;
            try
            {
                using HttpResponseMessage created = await server.Client.PostAsync("/api/labs", content: null);
                Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /api/labs: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}\n{server.Output}");
                using JsonDocument lab = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
                labId = lab.RootElement.GetProperty("id").GetString()!;
                foreach (JsonElement ns in lab.RootElement.GetProperty("namespaces").EnumerateArray())
                {
                    holders.Add(Holder(ns));
                }

                foreach ((string name, string propagation) in new[] { ("n2", "unchanged"), ("n3", "private") })
                {
                    using HttpResponseMessage clone = await server.Client.PostAsJsonAsync($"/api/labs/{labId}/namespaces", new { name, from = "base", propagation });
                    Assert.True(clone.IsSuccessStatusCode, $"POST /api/labs/{labId}/namespaces {name}: {(int)clone.StatusCode} {await clone.Content.ReadAsStringAsync()}");
                    using JsonDocument created2 = JsonDocument.Parse(await clone.Content.ReadAsStringAsync());
                    holders.Add(Holder(created2.RootElement));
                }

                // Three live holders, children of the server, each holding its own lab namespace.
                Assert.Equal(3, holders.Count);
                Assert.Equal(3, holders.Select(h => h.Inode).Distinct().Count());
                foreach ((int pid, ulong inode, string name) in holders)
                {
                    Assert.Equal(inode, ProcessTable.MountNamespace(pid));
                    Assert.Equal(serverPid, ProcessTable.ParentPid(pid));
                    Assert.StartsWith($"mountviz-holder lab={labId} ns={name}", ProcessTable.CommandLine(pid), StringComparison.Ordinal);
                }

                Assert.DoesNotContain(holders, h => h.Inode == ProcessTable.MountNamespace(Environment.ProcessId));
                foreach ((int pid, ulong inode, string name) in holders)
                {
                    held.Hold(pid, inode, name);
                }

                await server.KillAsync();
            }
            catch
            {
                // The server dies with the using; its holders with it (parent-death signal). Any
                // holder that survived anyway is killed below by its PID.
                KillSurvivors(holders, labId);
                throw;
            }
        }

        ulong[] inodes = [.. holders.Select(h => h.Inode)];
        List<string> left = [];
        var clock = Stopwatch.StartNew();
        do
        {
            left = Leftovers(holders, inodes, labId!);
            if (left.Count == 0)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (clock.Elapsed < CleanupPatience);

        KillSurvivors(holders, labId);
        Assert.True(left.Count == 0, $"{CleanupPatience.TotalSeconds} s after SIGKILL of the server (PID {serverPid}):\n  {string.Join("\n  ", left)}");

        // The lab's mounts only ever existed in its namespaces: the host's table is byte-identical.
        Assert.True(File.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(hostBefore), "the host's /proc/self/mountinfo changed");
        Assert.True(File.ReadAllBytes("/proc/1/mountinfo").AsSpan().SequenceEqual(initBefore), "/proc/1/mountinfo changed");
    }

    private static (int Pid, ulong Inode, string Name) Holder(JsonElement ns)
    {
        int pid = ns.GetProperty("pid").GetInt32();
        string name = ns.GetProperty("name").GetString()!;
        ulong? inode = ProcessTable.MountNamespace(pid);
        Assert.True(inode is not null, $"holder {pid} of namespace {name} is not running");
        return (pid, inode.Value, name);
    }

    /// <summary>What is still there: holders that are neither gone nor zombies, and live processes in the lab's namespaces.</summary>
    private static List<string> Leftovers(List<(int Pid, ulong Inode, string Name)> holders, ulong[] inodes, string labId)
    {
        var left = new List<string>();
        foreach ((int pid, _, string name) in holders)
        {
            // A zombie is dead (init reaps it); a PID reused by an unrelated process is not ours.
            if (ProcessTable.State(pid) is char state and not 'Z' && ProcessTable.CommandLine(pid).StartsWith($"mountviz-holder lab={labId} ", StringComparison.Ordinal))
            {
                left.Add($"holder {pid} of namespace {name} is still running (state {state})");
            }
        }

        foreach (int pid in ProcessTable.LiveIn(inodes))
        {
            left.Add($"process {pid} ({ProcessTable.CommandLine(pid)}) is still in a lab namespace (mnt:[{ProcessTable.MountNamespace(pid)}])");
        }

        return left;
    }

    private static void KillSurvivors(List<(int Pid, ulong Inode, string Name)> holders, string? labId)
    {
        foreach ((int pid, _, _) in holders)
        {
            if (labId is not null && ProcessTable.State(pid) is char and not 'Z' && ProcessTable.CommandLine(pid).StartsWith($"mountviz-holder lab={labId} ", StringComparison.Ordinal))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Gone meanwhile.
                }
            }
        }
    }
}
