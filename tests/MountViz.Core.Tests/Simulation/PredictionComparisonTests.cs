using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>The product's comparison of a prediction with an observed result: renaming of new mounts and groups, and findings in words.</summary>
public sealed class PredictionComparisonTests
{
    // /D shared with a peer /DP and a slave /DS.
    private static SimulatedLab SharedTree()
    {
        var lab = new SimulatedLab();
        foreach (string command in (string[])["mount -t tmpfs dstD /D", "mount --make-shared /D", "mount --bind /D /DP", "mount --bind /D /DS", "mount --make-slave /DS"])
        {
            Prediction step = lab.Predict("base", SimulatedLab.Parse(command));
            Assert.True(step.Succeeds, $"{command}: {step.Reason ?? step.Errno}");
            lab.Apply(step, "base");
        }

        return lab;
    }

    [Fact]
    public void A_result_that_does_what_was_predicted_matches_whatever_numbers_the_kernel_picked()
    {
        SimulatedLab lab = SharedTree();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));
        OperationResult observed = lab.ToResult(p, "base");

        // The "kernel" renumbered every new mount: still the same changes.
        OperationResult renumbered = observed with
        {
            Changes = [.. observed.Changes.Select(c => c with { Change = c.Change with { Mount = c.Change.Mount with { Id = c.Change.Mount.Id + 1000 } } })],
        };
        PredictionComparison comparison = PredictionComparison.Compare(p, renumbered, lab.Tables);

        Assert.True(comparison.Matches, string.Join("\n", comparison.Findings));
        Assert.Empty(comparison.Findings);
        Assert.Equal("ok", comparison.Predicted[0]);
        Assert.Equal(4, comparison.Observed.Length);
    }

    [Fact]
    public void A_missing_and_an_unexpected_change_are_findings_naming_the_namespace_and_the_mount()
    {
        SimulatedLab lab = SharedTree();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));
        OperationResult observed = lab.ToResult(p, "base");
        NamespaceChange dropped = observed.Changes.Single(c => c.Change.Mount.MountPoint == "/DS/x");
        NamespaceChange extra = dropped with { Namespace = "base", Change = dropped.Change with { Mount = dropped.Change.Mount with { MountPoint = "/elsewhere", Id = 999 } } };

        PredictionComparison comparison = PredictionComparison.Compare(p, observed with { Changes = [.. observed.Changes.Remove(dropped), extra] }, lab.Tables);

        Assert.False(comparison.Matches);
        Assert.Equal(2, comparison.Findings.Length);
        Assert.StartsWith("Predicted in namespace base but not observed: /DS/x added (tmpfs x, master:new group 1)", comparison.Findings[0], StringComparison.Ordinal);
        Assert.StartsWith("Observed in namespace base but not predicted: /elsewhere added (tmpfs x, master:", comparison.Findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_that_the_kernel_put_in_two_new_groups_where_one_was_predicted_do_not_match()
    {
        SimulatedLab lab = SharedTree();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));
        OperationResult observed = lab.ToResult(p, "base");
        NamespaceChange peer = observed.Changes.Single(c => c.Change.Mount.MountPoint == "/DP/x");
        int other = peer.Change.Mount.Shared!.Value + 50;
        NamespaceChange split = peer with { Change = peer.Change with { Mount = peer.Change.Mount with { Shared = other, OptionalFields = [$"shared:{other}"] } } };

        PredictionComparison comparison = PredictionComparison.Compare(p, observed with { Changes = observed.Changes.Replace(peer, split) }, lab.Tables);

        Assert.False(comparison.Matches);
        Assert.Contains("do not correspond one to one", Assert.Single(comparison.Findings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_errno_is_a_finding_and_a_missing_prediction_cannot_be_compared()
    {
        SimulatedLab lab = SharedTree();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount --bind /D /DP/y"));
        var refused = new OperationResult(false, "ENOENT", "No such file or directory", "", "", ImmutableArray<NamespaceChange>.Empty);

        PredictionComparison comparison = PredictionComparison.Compare(p, refused, lab.Tables);

        Assert.False(comparison.Matches);
        Assert.Contains("the kernel refused it with ENOENT", comparison.Findings[0], StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PredictionComparison.Compare(Prediction.Unsupported("not modelled"), refused, lab.Tables));
    }

    [Fact]
    public void An_observed_group_that_existed_before_is_not_a_new_one()
    {
        SimulatedLab lab = SharedTree();
        Prediction p = lab.Predict("base", SimulatedLab.Parse("mount -t tmpfs x /D/x"));
        OperationResult observed = lab.ToResult(p, "base");
        int newGroup = observed.Changes.First(c => c.Change.Mount.Shared is not null).Change.Mount.Shared!.Value;

        // The same numbers, but the "new" group was already in use somewhere in the lab's whole tables.
        PredictionComparison comparison = PredictionComparison.Compare(p, observed, lab.Tables, new HashSet<int> { newGroup });

        Assert.False(comparison.Matches);
        Assert.Equal(MountChangeKind.Added, p.Changes["base"][0].Kind);
    }
}
