using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Simulation;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Operations;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// propagate_from predicted on the real kernel: a slave's dominating group (the first group up
/// its master chain with a member in its own namespace) changes when that member leaves the
/// group, with the same shared and master tags, and the kernel reports it as a propagation
/// change. The differential test found the sequence (about 1 in 15,000 random operations).
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PropagateFromPredictionTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Making_the_dominating_peer_private_changes_only_propagate_from_as_predicted()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /a /b/a", "mount --bind /a /b/a", "mount --make-slave /", "mount --bind / /b/a");
        await lab.Ok("unshare -m --propagation shared c3");

        // c3's /a is shared and a slave of its upper /b/a's group (the bind of /), which dominates it.
        IReadOnlyList<MountInfo> before = lab.Mounts("c3").Workspace.Mounts;
        MountInfo lower = before.Single(m => m.MountPoint == "/b/a" && m.Root == "/a");
        MountInfo upper = before.Single(m => m.MountPoint == "/b/a" && m.Root == "/");
        MountInfo a = before.Single(m => m.MountPoint == "/a");
        Assert.Equal((upper.Shared, (int?)null), (a.Master, a.PropagateFrom));

        Prediction preview = await lab.Operations.PredictAsync(lab.Id, "c3", "mount --make-private /b/a");
        OperationResult result = await lab.Ok("mount --make-private /b/a", "c3");

        // The upper /b/a was the only member of its group in c3: its master, the lower /b/a's group, now dominates /a.
        NamespaceChange change = Assert.Single(result.Changes, c => c.Namespace == "c3" && c.Change.Mount.Id == a.Id);
        Assert.Equal(MountChangeKind.PropagationChanged, change.Change.Kind);
        Assert.Equal((a.Shared, a.Master, lower.Shared), (change.Change.Mount.Shared, change.Change.Mount.Master, change.Change.Mount.PropagateFrom));
        PredictedChange predicted = Assert.Single(preview.Changes["c3"], c => c.Mount.Id == a.Id);
        Assert.Equal(new GroupRef(lower.Shared, null), predicted.Mount.PropagateFrom);
        Assert.True(result.Comparison?.Matches, string.Join("\n", result.Comparison?.Findings ?? ["no comparison"]));
    }
}
