using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>
/// propagate_from as the kernel prints it (fs/pnode.c get_dominating_id): for a slave, the first
/// group up its master chain with a member in the slave's own namespace, shown when it is not
/// the slave's master; a group outside every namespace of the lab never dominates.
/// </summary>
public sealed class PropagateFromTests
{
    // base: a private root, /g in group 1, /s a slave of group 2; other: /m in group 2 (a slave of
    // `otherMaster`), so group 2 has no member in base.
    private static Dictionary<string, MountTable> Tables(string otherMaster, string extraBase = "") => new(StringComparer.Ordinal)
    {
        ["base"] = Table(
            "100 90 0:50 / / rw - tmpfs lab rw",
            "101 100 0:51 / /g rw shared:1 - tmpfs g rw",
            "102 100 0:52 / /s rw master:2 - tmpfs s rw",
            extraBase),
        ["other"] = Table(
            "200 190 0:50 / / rw - tmpfs lab rw",
            $"201 200 0:52 / /m rw shared:2 master:{otherMaster} - tmpfs s rw"),
    };

    private static MountTable Table(params string[] lines) =>
        MountTable.Parse(Encoding.UTF8.GetBytes(string.Concat(lines.Where(l => l.Length > 0).Select(l => l + "\n"))));

    private static PredictedMount Added(Prediction p, string ns, string mountPoint)
    {
        Assert.True(p.Succeeds, p.Reason ?? p.Errno);
        return Assert.Single(p.Changes[ns], c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == mountPoint).Mount;
    }

    [Fact]
    public void A_slave_whose_master_has_no_member_in_its_namespace_propagates_from_the_next_group_up_that_has()
    {
        // A bind of a slave is a slave of the same master: group 2, dominated in base by group 1.
        Prediction p = Simulator.Predict(Tables(otherMaster: "1"), "base", SimulatedLab.Parse("mount --bind /s /t"));

        PredictedMount copy = Added(p, "base", "/t");

        Assert.Equal((new GroupRef(2, null), new GroupRef(1, null)), (copy.Master, copy.PropagateFrom));
        Assert.Equal(["master:2", "propagate_from:1"], copy.Tags);
    }

    [Fact]
    public void A_master_chain_that_leaves_the_lab_dominates_nothing()
    {
        // Group 2's master, group 9, has no member in any namespace of the lab.
        Prediction p = Simulator.Predict(Tables(otherMaster: "9"), "base", SimulatedLab.Parse("mount --bind /s /t"));

        PredictedMount copy = Added(p, "base", "/t");

        Assert.Equal(new GroupRef(2, null), copy.Master);
        Assert.Null(copy.PropagateFrom);
    }

    [Fact]
    public void A_master_with_a_member_in_the_slaves_namespace_dominates_it_and_is_not_printed()
    {
        Prediction p = Simulator.Predict(Tables(otherMaster: "1", "103 100 0:52 / /p rw shared:2 master:1 - tmpfs s rw"), "base", SimulatedLab.Parse("mount --bind /s /t"));

        PredictedMount copy = Added(p, "base", "/t");

        Assert.Equal(new GroupRef(2, null), copy.Master);
        Assert.Null(copy.PropagateFrom);
        Assert.Equal(["master:2"], copy.Tags);
    }

    [Fact]
    public void When_the_dominating_peer_leaves_its_group_only_propagate_from_changes_and_that_is_a_propagation_change()
    {
        // Base's /p is group 2's only member in base: once private, group 1 (its master) dominates /s.
        Prediction p = Simulator.Predict(Tables(otherMaster: "1", "103 100 0:52 / /p rw shared:2 master:1 - tmpfs s rw"), "base", SimulatedLab.Parse("mount --make-private /p"));

        Assert.True(p.Succeeds, p.Reason ?? p.Errno);
        PredictedChange s = Assert.Single(p.Changes["base"], c => c.Mount.MountPoint == "/s");
        Assert.Equal(MountChangeKind.PropagationChanged, s.Kind);
        Assert.Equal("master:2 propagate_from:1", s.Mount.TagsText);
        Assert.Equal("master:2", s.Before?.TagsText);
        Assert.False(p.Changes.ContainsKey("other"));
        Assert.Contains(p.Explanations, e => e.Namespace == "base" && e.Path == "/s"
            && e.Text.Contains("now shows propagate_from:1: its master shared:2 has no member in namespace base", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_dominating_group_leaves_the_namespace_propagate_from_goes_with_it()
    {
        // /g was group 1's last member: other's /m loses its master, and nothing up /s's chain is in base.
        Prediction p = Simulator.Predict(Tables(otherMaster: "1"), "base", SimulatedLab.Parse("mount --make-private /g"));

        Assert.True(p.Succeeds, p.Reason ?? p.Errno);
        PredictedChange s = Assert.Single(p.Changes["base"], c => c.Mount.MountPoint == "/s");
        Assert.Equal(("master:2", "master:2 propagate_from:1"), (s.Mount.TagsText, s.Before?.TagsText));
        Assert.Equal("shared:2", Assert.Single(p.Changes["other"]).Mount.TagsText);
        Assert.Contains(p.Explanations, e => e.Path == "/s" && e.Text.Contains("no longer shows propagate_from:1: no group up its master chain", StringComparison.Ordinal));
    }

    [Fact]
    public void The_differential_tests_sequence_predicts_the_change_of_propagate_from_alone()
    {
        // Found on the kernel (PropagateFromPredictionTests): c3's /a is shared and a slave of the
        // group of c3's upper /b/a (the bind of /), its only member in c3. Once that mount is
        // private, the group's own master, that of the lower /b/a (the bind of /a), dominates /a.
        var lab = new SimulatedLab();
        foreach ((string ns, string command) in ((string, string)[])[
            ("base", "mount --make-shared /"),
            ("base", "mount --bind /a /b/a"),
            ("base", "mount --make-slave /"),
            ("base", "mount --bind / /b/a"),
            ("base", "unshare -m --propagation shared c3")])
        {
            Prediction step = lab.Predict(ns, SimulatedLab.Parse(command));
            Assert.True(step.Succeeds, $"{ns}$ {command}: {step.Reason ?? step.Errno}");
            lab.Apply(step, ns);
        }

        Prediction p = lab.Predict("c3", SimulatedLab.Parse("mount --make-private /b/a"));

        Assert.True(p.Succeeds, p.Reason ?? p.Errno);
        PredictedChange a = Assert.Single(p.Changes["c3"], c => c.Mount.MountPoint == "/a");
        Assert.Equal(MountChangeKind.PropagationChanged, a.Kind);
        Assert.Equal((a.Before!.Shared, a.Before.Master, (GroupRef?)null), (a.Mount.Shared, a.Mount.Master, a.Before.PropagateFrom));

        // The dominating group is that of c3's lower /b/a, the bind of /a (root /a).
        MountTable c3 = lab.Tables["c3"];
        int lower = c3.Mounts.Single(m => m.MountPoint == "/b/a" && m.Root == "/a").Shared!.Value;
        Assert.Equal(new GroupRef(lower, null), a.Mount.PropagateFrom);

        // Applied and compared as the kernel's result: it matches, and a kernel that printed no
        // propagate_from would not.
        OperationResult same = lab.ToResult(p, "c3");
        Assert.True(PredictionComparison.Compare(p, same, lab.Tables).Matches);
        OperationResult without = same with
        {
            Changes = [.. same.Changes.Select(c => c.Change.Mount.MountPoint == "/a" && c.Namespace == "c3"
                ? c with { Change = c.Change with { Mount = c.Change.Mount with { PropagateFrom = null } } }
                : c)],
        };
        PredictionComparison comparison = PredictionComparison.Compare(p, without, lab.Tables);
        Assert.False(comparison.Matches);
        Assert.Contains(comparison.Findings, f => f.StartsWith("Predicted in namespace c3 but not observed: /a becomes", StringComparison.Ordinal) && f.Contains($"propagate_from:{lower}", StringComparison.Ordinal));
    }
}
