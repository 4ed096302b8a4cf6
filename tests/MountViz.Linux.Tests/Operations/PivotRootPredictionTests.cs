using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// A successful pivot_root predicted exactly on the real kernel: the pivoted namespace's view,
/// and the umounts that the lab's detach of the old root propagates into a peer and a slave
/// namespace.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PivotRootPredictionTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task The_detach_of_the_old_root_unmounts_the_copies_in_a_peer_and_a_slave_as_predicted()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        // base: /a shared (under the shared workspace root), /a/b shared below it.
        await lab.OkAll("base", "mkdir -p /a /nr/old /nr/k", "mount -t tmpfs a /a", "mkdir /a/b", "mount -t tmpfs b /a/b");
        await lab.Ok("unshare -m --propagation unchanged p");
        await lab.Ok("unshare -m --propagation slave c");

        // p: its workspace root private (new_root's parent must not be shared), /nr a private bind.
        await lab.OkAll("p", "mount --make-private /", "mount --bind /nr /nr", "mount -t tmpfs keep /nr/k");
        OperationResult pivot = await lab.Ok("pivot_root /nr /nr/old", "p");

        Assert.True(pivot.Predicted?.Succeeds, pivot.Predicted?.Reason);
        Assert.True(pivot.Comparison?.Matches, string.Join("\n", pivot.Comparison?.Findings ?? ["no comparison"]));

        // p's /a/b hung on /a, shared with base's /a (a peer) and c's /a (a slave): both copies go.
        Assert.Equal(["/a/b"], OpsLab.Removed(pivot, "base"));
        Assert.Equal(["/a/b"], OpsLab.Removed(pivot, "c"));
        Assert.Equal(["/", "/a", "/a/b"], OpsLab.Removed(pivot, "p").Order(StringComparer.Ordinal));
        Assert.Equal(["/", "/k"], lab.MountPoints("p"));
        Assert.Equal(["/", "/a"], lab.MountPoints("base"));
    }

    [Fact]
    public async Task Pivoting_into_the_workspace_root_and_again_inside_it_and_onto_put_old_itself_is_predicted()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll("p", "mkdir -p /old /r/old /r/r2/old", "mount --bind /r /r", "mount --bind /r/r2 /r/r2");

        // new_root is the workspace root: it keeps its path and changes parent, outside every view.
        OperationResult first = await lab.Ok("pivot_root / /old", "p");
        Assert.True(first.Comparison?.Matches, string.Join("\n", first.Comparison?.Findings ?? ["no comparison"]));
        NamespaceChange moved = Assert.Single(first.Changes);
        Assert.Equal((MountChangeKind.Moved, "/"), (moved.Change.Kind, moved.Change.Mount.MountPoint));

        // The root is in the view now: the current-root rules, then a pivot that detaches it.
        OperationResult busy = await lab.Fails("pivot_root /r /old", "EBUSY", "p");
        Assert.True(busy.Comparison?.Matches, string.Join("\n", busy.Comparison?.Findings ?? ["no comparison"]));
        OperationResult second = await lab.Ok("pivot_root /r /r/old", "p");
        Assert.True(second.Comparison?.Matches, string.Join("\n", second.Comparison?.Findings ?? ["no comparison"]));
        Assert.Equal(["/", "/r2"], lab.MountPoints("p"));

        // put_old at new_root itself: the old root goes on top of it and is detached from there.
        OperationResult onItself = await lab.Ok("pivot_root /r2 /r2", "p");
        Assert.True(onItself.Comparison?.Matches, string.Join("\n", onItself.Comparison?.Findings ?? ["no comparison"]));
        Assert.Equal(["/"], lab.MountPoints("p"));
        Assert.Equal([LabInfo.BaseNamespace, "p"], lab.Engine.FindLab(lab.Id)!.Namespaces.Select(n => n.Name));
    }
}
