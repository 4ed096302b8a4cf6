using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>The simulator's API beyond the vectors: symbolic groups, explanations, refusals and what it declines.</summary>
public sealed class SimulatorTests
{
    // /D shared with a peer /DP and a slave /DS; /A private; /B a bind of /D/sub (root /sub).
    private static SimulatedLab SharedDestination()
    {
        var lab = new SimulatedLab();
        foreach (string command in (string[])[
            "mount -t tmpfs srcA /A", "mount -t tmpfs dstD /D", "mount --make-shared /D",
            "mount --bind /D /DP", "mount --bind /D /DS", "mount --make-slave /DS", "mount --bind /D/sub /B"])
        {
            Prediction step = lab.Predict("base", SimulatedLab.Parse(command));
            Assert.True(step.Succeeds, $"{command}: {step.Reason ?? step.Errno}");
            lab.Apply(step, "base");
        }

        return lab;
    }

    [Fact]
    public void A_new_mount_under_a_shared_parent_gets_one_symbolic_new_group_for_all_its_peers()
    {
        SimulatedLab lab = SharedDestination();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));

        List<PredictedChange> added = [.. p.Changes["base"]];
        Assert.All(added, c => Assert.Equal(MountChangeKind.Added, c.Kind));
        Assert.Equal(["/D/x", "/DP/x", "/DS/x"], added.Select(c => c.Mount.MountPoint).Order(StringComparer.Ordinal));
        GroupRef group = Assert.Single(added, c => c.Mount.MountPoint == "/D/x").Mount.Shared!;
        Assert.True(group.IsNew);
        Assert.Equal("new group 1", group.ToString());
        Assert.Equal(group, Assert.Single(added, c => c.Mount.MountPoint == "/DP/x").Mount.Shared);
        Assert.Equal(group, Assert.Single(added, c => c.Mount.MountPoint == "/DS/x").Mount.Master);
        Assert.All(added, c => Assert.True(c.Mount.IsNew));
    }

    [Fact]
    public void The_explainer_names_the_chain_for_receivers_and_the_first_stopping_rule_for_the_others()
    {
        SimulatedLab lab = SharedDestination();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));

        Assert.Contains(p.Explanations, e => e.Receives == true && e.Path == "/DP" && e.Text.Contains("a peer of /D", StringComparison.Ordinal));
        Assert.Contains(p.Explanations, e => e.Receives == true && e.Path == "/DS" && e.Text.Contains("a slave of", StringComparison.Ordinal));
        Assert.Contains(p.Explanations, e => e.Receives == false && e.Path == "/B" && e.Text.Contains("outside its root /sub", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_on_a_slave_is_explained_as_never_sent()
    {
        SimulatedLab lab = SharedDestination();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs y /DS/y"));

        Assert.Equal(["/DS/y"], p.Changes["base"].Select(c => c.Mount.MountPoint));
        Assert.Contains(p.Explanations, e => e.Text.Contains("slaves receive but never send", StringComparison.Ordinal));
        Assert.Contains(p.Explanations, e => e.Receives == false && e.Path == "/D" && e.Text.Contains("upstream", StringComparison.Ordinal));
    }

    [Fact]
    public void Refusals_carry_the_errno_and_change_nothing()
    {
        SimulatedLab lab = SharedDestination();

        Prediction move = lab.Predict("base", SimulatedLab.Parse("mount --move /D /DD"));
        Prediction loop = lab.Predict("base", SimulatedLab.Parse("mount --move /A /A/in"));
        Prediction notRoot = lab.Predict("base", SimulatedLab.Parse("mount --make-private /A/sub"));

        Assert.Equal(("EINVAL", "EINVAL", "ELOOP"), (notRoot.Errno, lab.Predict("base", SimulatedLab.Parse("umount /A/sub")).Errno, loop.Errno));
        Assert.Null(move.Errno);
        Assert.All((Prediction[])[loop, notRoot], p => Assert.Empty(p.Changes));
        Assert.Contains("not a mount point", notRoot.Explanations[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void What_is_not_modelled_is_said_not_guessed()
    {
        var lab = new SimulatedLab();

        Prediction remount = lab.Predict("base", SimulatedLab.Parse("mount -o remount,ro /"));
        Prediction proc = lab.Predict("base", SimulatedLab.Parse("mount -t proc proc /p"));
        Prediction root = lab.Predict("base", SimulatedLab.Parse("umount /"));

        Assert.All((Prediction[])[remount, proc, root], p =>
        {
            Assert.False(p.Supported);
            Assert.False(string.IsNullOrWhiteSpace(p.Reason));
            Assert.Empty(p.Changes);
        });
    }

    [Fact]
    public void A_clone_reports_every_mount_of_the_new_namespace_as_added_and_leaves_the_others()
    {
        SimulatedLab lab = SharedDestination();
        Prediction p = lab.Predict("base", new CreateNamespaceOperation("c1", NamespacePropagation.Slave));

        Assert.Equal(["c1"], p.Changes.Keys);
        Assert.Equal(lab.Tables["base"].Mounts.Length, p.Changes["c1"].Length);
        PredictedMount d = Assert.Single(p.Changes["c1"], c => c.Mount.MountPoint == "/D").Mount;
        Assert.Null(d.Shared);
        Assert.Equal(lab.Tables["base"].Mounts.Single(m => m.MountPoint == "/D").Shared, d.Master?.Id);
    }
}
