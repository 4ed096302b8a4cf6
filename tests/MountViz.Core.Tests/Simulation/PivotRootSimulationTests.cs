using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>
/// pivot_root as the lab runs it (pivot, then the old root detached): the view of the pivoted
/// namespace, the detach's umount propagation into peers and slaves, the kernel's order of
/// checks, and no prediction of a success without the namespace's whole table.
/// </summary>
public sealed class PivotRootSimulationTests
{
    // base: /a shared with /a/b under it (shared too); p a peer clone that binds /nr onto itself
    // and makes its workspace root private; c a slave clone.
    private static SimulatedLab PeersAndSlaves()
    {
        var lab = new SimulatedLab();
        Run(lab, "base", "mount -t tmpfs a /a", "mount --make-shared /a", "mount -t tmpfs b /a/b");
        Run(lab, "base", "unshare -m --propagation unchanged p", "unshare -m --propagation slave c");
        Run(lab, "p", "mount --bind /nr /nr", "mount --make-private /", "mount -t tmpfs keep /nr/k");
        return lab;
    }

    private static void Run(SimulatedLab lab, string ns, params string[] commands)
    {
        foreach (string command in commands)
        {
            Prediction step = lab.Predict(ns, SimulatedLab.Parse(command));
            Assert.True(step.Succeeds, $"{command}: {step.Reason ?? step.Errno}");
            lab.Apply(step, ns);
        }
    }

    private static List<string> Changes(Prediction p, string ns) =>
        [.. p.Changes.GetValueOrDefault(ns, []).Select(c => $"{c.Kind} {c.Mount.MountPoint}{(c.Kind == MountChangeKind.Moved ? " from " + c.Before!.MountPoint : "")}").Order(StringComparer.Ordinal)];

    [Fact]
    public void The_detach_of_the_old_root_propagates_its_umounts_to_peers_and_slaves()
    {
        SimulatedLab lab = PeersAndSlaves();
        Prediction p = lab.Predict("p", SimulatedLab.Parse("pivot_root /nr /nr/old"));

        Assert.True(p.Succeeds, p.Reason ?? p.Errno);

        // In p the view is the new root: /nr and /nr/k move up, the rest went with the old root.
        Assert.Equal(["Moved / from /nr", "Moved /k from /nr/k", "Removed /", "Removed /a", "Removed /a/b"], Changes(p, "p"));

        // p's /a/b sat on /a (shared with base's /a, and c's /a its slave): its umount reaches both.
        Assert.Equal(["Removed /a/b"], Changes(p, "base"));
        Assert.Equal(["Removed /a/b"], Changes(p, "c"));
        Assert.Contains(p.Explanations, e => e.Namespace == "base" && e.Receives == true && e.Path == "/a/b");
        Assert.Contains(p.Explanations, e => e.Rule == "R-PIVOT" && e.Text.Contains("propagates nothing", StringComparison.Ordinal));

        // The root's new parent lies outside every view, as the kernel's root_parent does.
        PredictedChange root = Assert.Single(p.Changes["p"], c => c.Mount.MountPoint == "/" && c.Kind == MountChangeKind.Moved);
        Assert.Null(root.Mount.ParentId);
    }

    [Fact]
    public void A_success_needs_the_whole_table_and_refusals_do_not()
    {
        SimulatedLab lab = PeersAndSlaves();
        Prediction without = Simulator.Predict(lab.Tables, "p", SimulatedLab.Parse("pivot_root /nr /nr/old"));
        Assert.False(without.Supported);
        Assert.Contains("whole table", without.Reason, StringComparison.Ordinal);

        // base's /a is shared: refused from the views alone, as before.
        Prediction shared = Simulator.Predict(lab.Tables, "base", new PivotRootOperation("/a", "/a/old"));
        Assert.Equal("EINVAL", shared.Errno);
    }

    [Fact]
    public void Pivoting_into_the_workspace_root_moves_it_onto_the_roots_parent()
    {
        var lab = new SimulatedLab();
        Run(lab, "base", "unshare -m --propagation private p");
        Prediction p = lab.Predict("p", SimulatedLab.Parse("pivot_root / /old"));

        Assert.True(p.Succeeds, p.Reason ?? p.Errno);
        Assert.Equal(["Moved / from /"], Changes(p, "p"));
        Assert.Equal(["p"], p.Changes.Keys);
    }

    [Fact]
    public void A_pivoted_namespace_meets_the_current_root_rules_and_can_pivot_again()
    {
        var lab = new SimulatedLab();
        Run(lab, "base", "unshare -m --propagation private p");
        Run(lab, "p", "mount --bind /r /r", "mount -t tmpfs r2 /r/r2");
        Run(lab, "p", "pivot_root /r /r/old");

        // Its root is in the view now: new_root / or on the root's mount, and put_old on it, are EBUSY.
        Assert.Equal("EBUSY", lab.Predict("p", SimulatedLab.Parse("pivot_root / /old")).Errno);
        Assert.Equal("EBUSY", lab.Predict("p", SimulatedLab.Parse("pivot_root /plain /plain/old")).Errno);
        Assert.Equal("EBUSY", lab.Predict("p", SimulatedLab.Parse("pivot_root /r2 /old")).Errno);

        Prediction again = lab.Predict("p", SimulatedLab.Parse("pivot_root /r2 /r2/old"));
        Assert.True(again.Succeeds, again.Reason ?? again.Errno);
        Assert.Equal(["Moved / from /r2", "Removed /"], Changes(again, "p"));
    }
}
