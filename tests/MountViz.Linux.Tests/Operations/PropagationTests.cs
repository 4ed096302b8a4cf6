using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// Propagation as the article and mount-propagation.md show it, observed through the results:
/// every change in every namespace of the lab is reported, propagated copies included.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PropagationTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task The_articles_propagation_script_reports_each_step_where_the_kernel_did_it()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll(
            "base",
            "mkdir -p /scratch",
            "cd /scratch",
            "mkdir -p source1/target2 source2 target1",
            "touch source1/source1 source1/target2/target2 source2/mounted target1/target1");
        int rootGroup = lab.Mounts().Workspace.Mounts.Single(m => m.MountPoint == "/").Shared!.Value;

        // 1. target1 shows source1's content; the bind of a directory of the shared '/' joins its group.
        OperationResult step1 = await lab.Ok("mount --bind source1 target1");
        MountInfo target1 = Assert.Single(step1.Changes).Change.Mount;
        Assert.Equal(("/scratch/target1", "/scratch/source1", rootGroup), (target1.MountPoint, target1.Root, target1.Shared));
        FileTree shown = await lab.Operations.ListFilesAsync(lab.Id, "base", "target1", maxDepth: 1);
        Assert.Equal(["source1", "target2"], shown.Root.Children.Select(c => c.Name));

        // 2. With / and target1 shared, a mount at target1/target2 also appears at source1/target2.
        OperationResult step2 = await lab.Ok("mount --bind source2 target1/target2");
        Assert.Equal(["/scratch/source1/target2", "/scratch/target1/target2"], OpsLab.Added(step2, "base").Order(StringComparer.Ordinal));
        int group2 = step2.Changes[0].Change.Mount.Shared!.Value;
        Assert.All(step2.Changes, c => Assert.Equal(group2, c.Change.Mount.Shared));

        // 3. Unmounting it removes both; target1 made a slave receives a mount at source1/target2.
        OperationResult umount = await lab.Ok("umount target1/target2");
        Assert.Equal(2, OpsLab.Removed(umount, "base").Count);
        OperationResult slave = await lab.Ok("mount --make-slave target1");
        MountInfo made = Assert.Single(slave.Changes).Change.Mount;
        Assert.Equal((null, rootGroup), (made.Shared, made.Master));
        OperationResult step3 = await lab.Ok("mount --bind source2 source1/target2");
        Assert.Equal(["/scratch/source1/target2", "/scratch/target1/target2"], OpsLab.Added(step3, "base").Order(StringComparer.Ordinal));

        // 4. A slave does not send: a mount at target1/target2 stays there.
        await lab.Ok("umount source1/target2");
        Assert.Equal(["/", "/scratch/target1"], lab.MountPoints());
        OperationResult step4 = await lab.Ok("mount --bind source2 target1/target2");
        Assert.Equal(["/scratch/target1/target2"], OpsLab.Added(step4, "base"));
        FileTree notThere = await lab.Operations.ListFilesAsync(lab.Id, "base", "source1/target2");
        Assert.Equal(["target2"], notThere.Root.Children.Select(c => c.Name));
        Assert.False(notThere.Root.IsMountPoint);
    }

    [Fact]
    public async Task A_peer_clone_receives_a_propagated_mount_and_reports_it_in_its_own_namespace()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        OperationResult unshare = await lab.Ok("unshare -m --propagation unchanged c1");
        Assert.Equal("unshare -m --propagation unchanged c1", unshare.ShellCommand);
        Assert.Contains("unshare(CLONE_NEWNS)", unshare.Syscall, StringComparison.Ordinal);
        Assert.Contains(("c1", "added", "/"), OpsLab.Changes(unshare));
        Assert.Contains("nsenter -t", unshare.Message, StringComparison.Ordinal);

        await lab.Ok("mkdir /data");
        OperationResult mount = await lab.Ok("mount -t tmpfs shared-data /data");
        Assert.Equal(["/data"], OpsLab.Added(mount, "base"));
        Assert.Equal(["/data"], OpsLab.Added(mount, "c1"));
        MountInfo inBase = mount.Changes.Single(c => c.Namespace == "base").Change.Mount;
        MountInfo inClone = mount.Changes.Single(c => c.Namespace == "c1").Change.Mount;
        Assert.NotEqual(inBase.Id, inClone.Id);
        Assert.Equal(inBase.Shared, inClone.Shared);

        // And back: the clone's copy is a peer, so its events reach base too.
        await lab.Ok("mkdir /data/from-c1", "c1");
        OperationResult back = await lab.Ok("mount -t tmpfs c1-data /data/from-c1", "c1");
        Assert.Equal(["/data/from-c1"], OpsLab.Added(back, "base"));
        Assert.Equal(["/data/from-c1"], OpsLab.Added(back, "c1"));

        // Unmounting it in base propagates the removal.
        OperationResult umount = await lab.Ok("umount /data/from-c1");
        Assert.Equal(["/data/from-c1"], OpsLab.Removed(umount, "c1"));

        // rmns deletes the namespace; its mounts are reported gone.
        OperationResult rmns = await lab.Ok("rmns c1");
        Assert.Equal("rmns c1", rmns.ShellCommand);
        Assert.Equal(["/", "/data"], OpsLab.Removed(rmns, "c1"));
        Assert.Null(lab.Engine.FindLab(lab.Id)!.Find("c1"));
        Assert.Empty(OpsLab.Removed(rmns, "base"));
    }

    [Fact]
    public async Task A_slave_clone_receives_but_does_not_send_and_a_private_one_does_neither()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation slave s1");
        await lab.Ok("unshare -m --propagation private p1");
        await lab.Ok("mkdir /from-base /from-slave");

        OperationResult fromBase = await lab.Ok("mount -t tmpfs b /from-base");
        Assert.Equal(["base", "s1"], fromBase.Changes.Select(c => c.Namespace));
        Assert.Equal(Propagation.Slave, fromBase.Changes.Single(c => c.Namespace == "s1").Change.Mount.Propagation);

        OperationResult fromSlave = await lab.Ok("mount -t tmpfs s /from-slave", "s1");
        Assert.Equal(["s1"], fromSlave.Changes.Select(c => c.Namespace));
        Assert.Equal("s1", fromSlave.Namespace);
        Assert.DoesNotContain("/from-slave", lab.MountPoints("base"));
        Assert.DoesNotContain("/from-base", lab.MountPoints("p1"));

        // A namespace that already exists is a conflict, not a result.
        LabException exists = await Assert.ThrowsAsync<LabException>(() => lab.Run("unshare -m s1"));
        Assert.Equal(LabErrorKind.Conflict, exists.Kind);
        LabException baseGoes = await Assert.ThrowsAsync<LabException>(() => lab.Run("rmns base", "s1"));
        Assert.Equal(LabErrorKind.Conflict, baseGoes.Kind);
    }

    [Fact]
    public async Task Unshare_from_another_namespace_copies_that_one()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private p");
        await lab.OkAll("p", "mkdir /only-p", "mount -t tmpfs only-p /only-p");
        OperationResult fromP = await lab.Ok("unshare -m --propagation unchanged --from p q");
        Assert.Contains(("q", "added", "/only-p"), OpsLab.Changes(fromP));
        Assert.Equal("p", lab.Engine.FindLab(lab.Id)!.Find("q")!.ClonedFrom);
        Assert.Equal(MountChangeKind.Added, fromP.Changes[0].Change.Kind);
    }
}
