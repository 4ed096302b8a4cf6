using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>
/// Rules the differential test on the real kernel (tests/MountViz.Linux.Tests/Differential)
/// showed the simulator had wrong, each as the shrunk sequence it found, checked without a
/// kernel. The lab starts as the engine's does: the workspace root shared, then a clone.
/// </summary>
public sealed class KernelFindingsTests
{
    private static SimulatedLab Lab(params (string Namespace, string Command)[] steps)
    {
        var lab = new SimulatedLab();
        Run(lab, "base", "mount --make-shared /");
        foreach ((string ns, string command) in steps)
        {
            Run(lab, ns, command);
        }

        return lab;
    }

    private static void Run(SimulatedLab lab, string ns, string command)
    {
        Prediction step = lab.Predict(ns, SimulatedLab.Parse(command));
        Assert.True(step.Succeeds, $"{ns}$ {command}: {step.Reason ?? step.Errno}");
        lab.Apply(step, ns);
    }

    private static List<string> Changes(Prediction p, string ns) =>
        [.. p.Changes.GetValueOrDefault(ns, []).Select(c => $"{c.Kind} {c.Mount.MountPoint}").Order(StringComparer.Ordinal)];

    [Fact]
    public void Umount_R_skips_a_covered_mount_below_and_keeps_what_the_calls_before_the_failing_one_did()
    {
        // c1's /a/b/c hangs below /a but the copy of base's bind at /a/b covers it: umount(8)
        // -R unmounts by path, skips it, removes /a/b, then fails on /a with EBUSY.
        SimulatedLab lab = Lab(
            ("base", "unshare -m --propagation slave c1"),
            ("base", "mount -t tmpfs t1 /a"),
            ("c1", "mount --rbind /a/b/a /a/b/c"),
            ("base", "mount --bind /a /a/b"));

        Prediction p = lab.Predict("c1", SimulatedLab.Parse("umount -R /a"));

        Assert.Equal("EBUSY", p.Errno);
        Assert.Equal(["Removed /a/b"], Changes(p, "c1"));
    }

    [Fact]
    public void A_clones_propagation_option_starts_at_the_mount_on_top_of_the_workspace_root()
    {
        // The lab applies mount --make-rslave to the path /: a covered workspace root keeps its type.
        SimulatedLab lab = Lab(
            ("base", "unshare -m --propagation shared c1"),
            ("c1", "mount -t tmpfs t1 /"));

        Prediction p = lab.Predict("c1", SimulatedLab.Parse("unshare -m --propagation slave c2"));

        List<PredictedMount> roots = [.. p.Changes["c2"].Select(c => c.Mount).Where(m => m.MountPoint == "/")];
        PredictedMount covered = Assert.Single(roots, m => m.Source == SimulatedLab.WorkspaceSource);
        PredictedMount top = Assert.Single(roots, m => m.Source == "t1");
        Assert.Equal((false, true), (covered.Shared is null, covered.Master is null));
        Assert.Equal((true, false), (top.Shared is null, top.Master is null));
    }

    [Fact]
    public void A_moved_mount_that_is_a_slave_of_the_destinations_group_receives_a_copy_of_itself()
    {
        // base's /a is a slave of t1's group; /c is a peer in that group. Moving /a onto /c
        // propagates to /c's receivers while /a is still one of them: the copy lands on /a's
        // root, a plain slave of the group /a gets (set_mnt_shared comes after propagate_mnt).
        SimulatedLab lab = Lab(
            ("base", "unshare -m --propagation unchanged c2"),
            ("c2", "mount --rbind /a /c"),
            ("base", "mount --make-slave /"),
            ("c2", "mount -t tmpfs t1 /c"));
        int moved = lab.Tables["base"].Mounts.Single(m => m.MountPoint == "/a").Id;

        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount --move /a /c"));

        Assert.Null(p.Errno);
        PredictedChange self = Assert.Single(p.Changes["base"], c => c.Kind == MountChangeKind.Added);
        PredictedChange group = Assert.Single(p.Changes["base"], c => c.Kind == MountChangeKind.PropagationChanged);
        Assert.Equal((moved, "/c"), (self.Mount.ParentId!.Value, self.Mount.MountPoint));
        Assert.Null(self.Mount.Shared);
        Assert.Equal(group.Mount.Shared, self.Mount.Master);
        Assert.True(group.Mount.Shared!.IsNew);
        Assert.Equal(["Added /a", "Added /c"], Changes(p, "c2"));
    }

    [Fact]
    public void A_candidate_onto_which_an_overmount_is_re_parented_is_kept()
    {
        // c1's umount -l /b propagates to base's /b (a slave) and its copy of t5 at /b/a/a.
        // That copy is unmounted, but the bind on its root stays and moves onto base's /b at
        // /b/a/a, so base's /b is kept; it loses its master when group of c1's /b dies.
        SimulatedLab lab = Lab(
            ("base", "unshare -m --propagation unchanged c1"),
            ("base", "mount -t tmpfs t2 /b"),
            ("base", "mount --make-slave /b"),
            ("c1", "mount -t tmpfs t5 /b/a/a"),
            ("base", "mount --bind /b/a/a/a /b/a/a"));
        MountTable baseTable = lab.Tables["base"];
        int keptB = baseTable.Mounts.Single(m => m.MountPoint == "/b").Id;

        Prediction p = lab.Predict("c1", SimulatedLab.Parse("umount -l /b"));

        Assert.Null(p.Errno);
        Assert.Equal(["Removed /b", "Removed /b/a/a"], Changes(p, "c1"));
        Assert.Equal(["Moved /b/a/a", "PropagationChanged /b", "PropagationChanged /b/a/a", "Removed /b/a/a"], Changes(p, "base"));
        PredictedChange moved = Assert.Single(p.Changes["base"], c => c.Kind == MountChangeKind.Moved);
        Assert.Equal(keptB, moved.Mount.ParentId);
        PredictedChange kept = Assert.Single(p.Changes["base"], c => c.Kind == MountChangeKind.PropagationChanged && c.Mount.Id == keptB);
        Assert.Equal("private", kept.Mount.TagsText);
    }
}
