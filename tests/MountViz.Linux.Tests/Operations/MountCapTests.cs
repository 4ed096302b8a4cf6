using System.Diagnostics;
using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Tests.Labs;
using Xunit.Abstractions;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// The mounts-per-namespace cap: an operation whose estimated effect would exceed it is refused
/// before it runs, naming the cap and the estimate; the rbind-into-itself explosion stops at the
/// cap quickly; a namespace pushed over the cap from outside is reported.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class MountCapTests(LabTestEnvironment environment, ITestOutputHelper output)
{
    [Fact]
    public async Task A_shared_mount_rbound_into_itself_again_and_again_stops_at_the_cap()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        int cap = lab.Engine.Limits.MaxMountsPerNamespace;
        await lab.OkAll("base", "mkdir /a", "mount -t tmpfs a /a");
        var clock = Stopwatch.StartNew();
        var counts = new List<int>();
        LabException? refused = null;
        for (int i = 1; i <= 20 && refused is null; i++)
        {
            await lab.Ok($"mkdir /a/d{i}");
            try
            {
                await lab.Ok($"mount --rbind /a /a/d{i}");
                counts.Add(lab.Mounts().All.Mounts.Length);
            }
            catch (LabException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        output.WriteLine($"mounts after each rbind: {string.Join(", ", counts)} in {clock.ElapsedMilliseconds} ms; then: {refused.Message}");
        Assert.Equal(LabErrorKind.LimitReached, refused.Kind);
        Assert.Contains($"over the cap of {cap} mounts per lab namespace (MaxMountsPerNamespace)", refused.Message, StringComparison.Ordinal);
        Assert.Matches(@"it would add about \d+ mounts to namespace base \(which has \d+, so \d+\)", refused.Message);
        Assert.Contains("receiving mount(s)", refused.Message, StringComparison.Ordinal);

        // It grew fast (the copies multiply: each round's tree goes to every peer made so far)
        // and never past the cap; how long that takes is the benchmarks' business.
        Assert.True(counts.Count >= 3, string.Join(", ", counts));
        Assert.All(counts, c => Assert.True(c <= cap, $"{c} mounts"));
        Assert.True(counts[^1] > cap / 3, string.Join(", ", counts));

        // The refused operation did nothing and is not in the history; the lab is usable.
        Assert.Equal(counts[^1], lab.Mounts().All.Mounts.Length);
        Assert.DoesNotContain(lab.Operations.History(lab.Id), h => h.Result.ShellCommand == $"mount --rbind /a /a/d{counts.Count + 1}");
        await lab.Ok("umount -l /a");
        Assert.Equal(["/"], lab.MountPoints());
    }

    [Fact]
    public async Task The_estimate_counts_copies_in_every_receiving_namespace()
    {
        int host = File.ReadAllLines("/proc/self/mountinfo").Length;

        // Room for the shelf, the workspace and three more mounts per namespace.
        var limits = new LabLimits { MaxMountsPerNamespace = host + 5 };
        await using OpsLab lab = await OpsLab.StartAsync(environment, limits);
        await lab.Ok("unshare -m --propagation unchanged c1");
        await lab.Ok("mkdir -p /m1 /m2 /c1only");

        // c1's copy of the workspace is a peer of base's; a mount made private in c1 gets one more mount only there.
        await lab.OkAll("c1", "mount -t tmpfs c1only /c1only", "mount --make-private /c1only", "mkdir /c1only/p", "mount -t tmpfs p /c1only/p");
        Assert.Equal(lab.Mounts("base").All.Mounts.Length + 1, lab.Mounts("c1").All.Mounts.Length);

        // So the copies that base's mounts send to c1 hit the cap there first.
        OperationResult m1 = await lab.Ok("mount -t tmpfs m1 /m1");
        Assert.Equal(["/m1"], OpsLab.Added(m1, "c1"));
        LabException refused = await Assert.ThrowsAsync<LabException>(() => lab.Run("mount -t tmpfs m2 /m2"));
        Assert.Equal(LabErrorKind.LimitReached, refused.Kind);
        Assert.Contains($"1 mounts to namespace c1 (which has {host + 5}, so {host + 6})", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("to namespace base", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/m2", lab.MountPoints("base"));

        // base alone (no receivers under a private mount) still has room.
        await lab.OkAll("base", "mount --make-private /m1", "mount -t tmpfs private /m1");
    }

    [Fact]
    public async Task A_namespace_pushed_over_the_cap_from_outside_is_reported_and_refuses_additions()
    {
        int host = File.ReadAllLines("/proc/self/mountinfo").Length;
        var limits = new LabLimits { MaxMountsPerNamespace = host + 3 };
        await using OpsLab lab = await OpsLab.StartAsync(environment, limits);
        await lab.Ok("mkdir -p /x/1 /x/2 /x/3 /y");

        // Mounts made behind the executor's back (as `nsenter ... mount` from a terminal would).
        await lab.InNamespace("base", context =>
        {
            foreach (string path in new[] { "/x/1", "/x/2", "/x/3" })
            {
                using ConfinedPath target = context.Resolve(path);
                Syscalls.Mount("outside", target.SyscallPath, "tmpfs", MountFlags.None, null);
            }

            return true;
        });

        OperationResult make = await lab.Ok("mount --make-rprivate /");
        Assert.Contains($"Over the cap: namespace base now has {host + 5} mounts, more than the {host + 3}", make.Message, StringComparison.Ordinal);
        LabException refused = await Assert.ThrowsAsync<LabException>(() => lab.Run("mount -t tmpfs y /y"));
        Assert.Equal(LabErrorKind.LimitReached, refused.Kind);

        await lab.Ok("umount /x/3");
        await lab.Ok("umount /x/2");
        await lab.Ok("umount /x/1");
        OperationResult under = await lab.Ok("mount -t tmpfs y /y");
        Assert.DoesNotContain("Over the cap", under.Message, StringComparison.Ordinal);
    }
}
