using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using static MountViz.Linux.Tests.Vectors.HandMadeLab;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// The evaluator on hand-made tables shaped like what the kernel does (as the vectors and the
/// reference logs say): right expectations pass; the mutants of
/// <c>../shared/propagation-lab/mutants.json</c> (each one a deliberately wrong expectation)
/// are reported as mismatches, and each passes once its one mistake is undone, so it is that
/// mistake, not something else, that is caught.
/// </summary>
public sealed class VectorEvaluatorTests
{
    private const string Base = "base";

    // V01: bind shared A/sub onto D/B, D shared with a peer DP and a slave DS.
    private static HandMadeLab BindMatrix(bool sourceShared) => new HandMadeLab()
        .Before(
            Base,
            Root(),
            Line(101, 100, "/A", "srcA", sourceShared ? "shared:10" : ""),
            Line(102, 100, "/D", "dstD", "shared:11"),
            Line(103, 100, "/DP", "dstD", "shared:11"),
            Line(104, 100, "/DS", "dstD", "master:11"))
        .After(
            Base,
            Root(),
            Line(101, 100, "/A", "srcA", sourceShared ? "shared:10" : ""),
            Line(102, 100, "/D", "dstD", "shared:11"),
            Line(103, 100, "/DP", "dstD", "shared:11"),
            Line(104, 100, "/DS", "dstD", "master:11"),
            Line(105, 102, "/D/B", "srcA", sourceShared ? "shared:10" : "shared:12", "/sub"),
            Line(106, 103, "/DP/B", "srcA", sourceShared ? "shared:10" : "shared:12", "/sub"),
            Line(107, 104, "/DS/B", "srcA", sourceShared ? "master:10" : "master:12", "/sub"));

    private static HandMadeLab MakeSlaveWithPeer() => new HandMadeLab()
        .Before(Base, Root(), Line(101, 100, "/c2", "c2", "shared:20"), Line(102, 100, "/c2b", "c2", "shared:20"))
        .After(Base, Root(), Line(101, 100, "/c2", "c2", "shared:20"), Line(102, 100, "/c2b", "c2", "master:20"));

    private static string[] CloneSource() =>
    [
        Root(),
        Line(101, 100, "/shr", "shrfs", "shared:30"),
        Line(102, 100, "/prv", "prvfs"),
    ];

    private static string[] CloneCopy(string shr) =>
    [
        Root(200),
        Line(201, 200, "/shr", "shrfs", shr),
        Line(202, 200, "/prv", "prvfs"),
    ];

    private static HandMadeLab PeerNamespaceGetsMount() => new HandMadeLab()
        .Before(Base, CloneSource())
        .Before("c1", CloneCopy("shared:30"))
        .After(Base, [.. CloneSource(), Line(103, 101, "/shr/p1", "P1", "shared:31")])
        .After("c1", [.. CloneCopy("shared:30"), Line(203, 201, "/shr/p1", "P1", "shared:31")]);

    private static HandMadeLab DefaultUnshare() => new HandMadeLab()
        .Before(Base, CloneSource())
        .After(Base, CloneSource())
        .After("c1", CloneCopy("private"));

    private static string[] AllTypes() =>
    [
        Root(),
        Line(101, 100, "/M", "M", "shared:60"),
        Line(102, 100, "/Sl", "M", "master:60"),
        Line(103, 100, "/SS", "M", "shared:61 master:60"),
        Line(104, 100, "/Un", "Un", "unbindable"),
        Line(105, 100, "/Pr", "Pr"),
    ];

    private static HandMadeLab CloneOfAllTypes() => new HandMadeLab()
        .Before(Base, AllTypes())
        .After(Base, AllTypes())
        .After(
            "c1",
            Root(200),
            Line(201, 200, "/M", "M", "shared:60"),
            Line(202, 200, "/Sl", "M", "master:60"),
            Line(203, 200, "/SS", "M", "shared:61 master:60"),
            Line(204, 200, "/Un", "Un"),
            Line(205, 200, "/Pr", "Pr"));

    private static string[] TuckBase() =>
    [
        Root(),
        Line(101, 100, "/e6", "e6", "shared:40"),
        Line(102, 100, "/e6p", "e6", "shared:40"),
        Line(103, 100, "/e6s", "e6", "master:40"),
    ];

    private static HandMadeLab Tuck() => new HandMadeLab()
        .Before(Base, [.. TuckBase(), Line(104, 103, "/e6s/d", "X6")])
        .After(
            Base,
            [
                .. TuckBase(),
                Line(105, 101, "/e6/d", "Y6", "shared:41"),
                Line(106, 102, "/e6p/d", "Y6", "shared:41"),
                Line(107, 103, "/e6s/d", "Y6", "master:41"),
                Line(104, 107, "/e6s/d", "X6"),
            ]);

    // After bind(slave A -> shared D), a mount in A's master AM flows down: AM → A (slave),
    // AM → D/B (shared+slave) → DP/B (its peer) and DS/B (its slave).
    private static string[] Chain() =>
    [
        Root(),
        Line(101, 100, "/A", "srcA", "master:50"),
        Line(102, 100, "/AM", "srcA", "shared:50"),
        Line(103, 100, "/D", "dstD", "shared:51"),
        Line(104, 100, "/DP", "dstD", "shared:51"),
        Line(105, 100, "/DS", "dstD", "master:51"),
        Line(106, 103, "/D/B", "srcA", "shared:52 master:50", "/sub"),
        Line(107, 104, "/DP/B", "srcA", "shared:52 master:50", "/sub"),
        Line(108, 105, "/DS/B", "srcA", "master:52", "/sub"),
    ];

    private static HandMadeLab ThreeLevelChain() => new HandMadeLab()
        .Before(Base, Chain())
        .After(
            Base,
            [
                .. Chain(),
                Line(109, 102, "/AM/sub/z", "evM", "shared:53"),
                Line(110, 101, "/A/sub/z", "evM", "master:53"),
                Line(111, 106, "/D/B/z", "evM", "shared:54 master:53"),
                Line(112, 107, "/DP/B/z", "evM", "shared:54 master:53"),
                Line(113, 108, "/DS/B/z", "evM", "master:54"),
            ]);

    private static string[] MoveBase() =>
    [
        Root(),
        Line(101, 100, "/P", "P", "shared:70"),
        Line(102, 100, "/Pp", "P", "shared:70"),
        Line(103, 100, "/Ps", "P", "master:70"),
        Line(104, 100, "/Q", "Q"),
    ];

    private static HandMadeLab MoveUnderShared() => new HandMadeLab()
        .Before(Base, [.. MoveBase(), Line(105, 104, "/Q/a", "mvpriv")])
        .After(
            Base,
            [
                .. MoveBase(),
                Line(105, 101, "/P/in1", "mvpriv", "shared:71"),
                Line(106, 102, "/Pp/in1", "mvpriv", "shared:71"),
                Line(107, 103, "/Ps/in1", "mvpriv", "master:71"),
            ]);

    public static TheoryData<string, string> MutantCases => new()
    {
        { "V01x", "V01" },
        { "V04x", "V04" },
        { "V31x", "V31" },
        { "V17x", "V17" },
        { "V22x", "V22" },
        { "V25x", "V25" },
        { "V58x", "V58" },
    };

    [Theory]
    [MemberData(nameof(MutantCases))]
    public void A_mutant_is_a_mismatch_and_its_vector_matches(string mutantId, string vectorId)
    {
        VectorObservation observed = ScenarioFor(vectorId).Observe();
        PropagationVector mutant = Mutant(mutantId);

        Assert.NotEmpty(VectorEvaluator.Evaluate(mutant.Expect, observed));
        Assert.Empty(VectorEvaluator.Evaluate(VectorDocument.Find(vectorId).Expect, observed));
    }

    [Fact]
    public void A_placeholder_reused_for_two_groups_is_a_mismatch()
    {
        // V15x says D/B/z is shared:$N1 master:$N1; it is shared:$N2 master:$N1.
        VectorObservation observed = ThreeLevelChain().Observe();
        PropagationVector mutant = Mutant("V15x");
        Assert.NotEmpty(VectorEvaluator.Evaluate(mutant.Expect, observed));

        VectorExpectation fixedExpectation = WithTags(mutant.Expect, "ns0", ChangeCategory.Added, "/D/B/z", "shared:$N2 master:$N1");
        Assert.Empty(VectorEvaluator.Evaluate(fixedExpectation, observed));
    }

    [Fact]
    public void A_wrong_errno_is_a_mismatch()
    {
        VectorObservation busy = new HandMadeLab().Before(Base, Root()).Observe(ok: false, errno: "EBUSY");

        IReadOnlyList<string> errors = VectorEvaluator.Evaluate(Mutant("V52x").Expect, busy);
        Assert.Contains(errors, e => e.Contains("expected errno EINVAL, got EBUSY", StringComparison.Ordinal));
        Assert.Empty(VectorEvaluator.Evaluate(VectorDocument.Find("V52").Expect, busy));
    }

    [Fact]
    public void Success_and_failure_are_told_apart()
    {
        VectorObservation ok = new HandMadeLab().Before(Base, Root()).Observe();
        VectorObservation failed = new HandMadeLab().Before(Base, Root()).Observe(ok: false, errno: "EINVAL");

        Assert.Contains("expected failure, got success", VectorEvaluator.Evaluate(VectorDocument.Find("V41").Expect, ok));
        Assert.Contains(VectorEvaluator.Evaluate(VectorDocument.Find("V05").Expect, failed), e => e.StartsWith("expected success, got errno EINVAL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_move_and_its_new_tags_are_one_changed_entry_checked_with_from()
    {
        VectorObservation observed = MoveUnderShared().Observe();
        ObservedChange moved = Assert.Single(observed.DiffOf("ns0").Changed);
        Assert.Equal("/Q/a", moved.Before!.Path);
        Assert.Equal("/P:P", moved.Mount.On);
        Assert.Empty(VectorEvaluator.Evaluate(VectorDocument.Find("V61").Expect, observed));

        VectorExpectation wrongFrom = Rewrite(VectorDocument.Find("V61").Expect, "ns0", ChangeCategory.Changed, "/P/in1", p => p with { From = "/Q/b" });
        Assert.NotEmpty(VectorEvaluator.Evaluate(wrongFrom, observed));
    }

    [Fact]
    public void Two_placeholder_names_cannot_be_one_group()
    {
        VectorObservation observed = MoveUnderShared().Observe();
        VectorExpectation twoNames = WithTags(VectorDocument.Find("V61").Expect, "ns0", ChangeCategory.Added, "/Pp/in1", "shared:$N2");

        Assert.NotEmpty(VectorEvaluator.Evaluate(twoNames, observed));
    }

    [Fact]
    public void A_fresh_placeholder_cannot_be_a_group_that_existed()
    {
        // c2b becomes a slave of group 20, which existed: $X may name it, $N1 may not.
        VectorObservation observed = MakeSlaveWithPeer().Observe();
        Assert.Empty(VectorEvaluator.Evaluate(WithTags(VectorDocument.Find("V31").Expect, "ns0", ChangeCategory.Changed, "/c2b", "master:$X"), observed));
        Assert.NotEmpty(VectorEvaluator.Evaluate(WithTags(VectorDocument.Find("V31").Expect, "ns0", ChangeCategory.Changed, "/c2b", "master:$N1"), observed));

        // A group in use only outside the compared tree is not fresh either.
        VectorObservation moved = MoveUnderShared().Observe();
        Assert.Empty(VectorEvaluator.Evaluate(VectorDocument.Find("V61").Expect, moved));
        Assert.NotEmpty(VectorEvaluator.Evaluate(VectorDocument.Find("V61").Expect, moved with { OtherExistingGroups = new HashSet<string> { "71" } }));
    }

    [Fact]
    public void The_parent_is_compared_by_path_or_by_path_and_source()
    {
        VectorObservation observed = Tuck().Observe();
        ObservedChange tucked = Assert.Single(observed.DiffOf("ns0").Changed);
        Assert.Equal("/e6s/d:Y6", tucked.Mount.On);
        Assert.Equal("/e6s:e6", tucked.Before!.On);

        Assert.Empty(VectorEvaluator.Evaluate(Rewrite(VectorDocument.Find("V58").Expect, "ns0", ChangeCategory.Changed, "/e6s/d", p => p with { On = "/e6s/d" }), observed));
        Assert.NotEmpty(VectorEvaluator.Evaluate(Rewrite(VectorDocument.Find("V58").Expect, "ns0", ChangeCategory.Changed, "/e6s/d", p => p with { On = "/e6s/d:X6" }), observed));
    }

    [Fact]
    public void Changes_in_an_unlisted_namespace_or_category_are_mismatches()
    {
        VectorObservation observed = PeerNamespaceGetsMount().Observe();
        var onlyBase = VectorDocument.Find("V17").Expect with
        {
            Namespaces = VectorDocument.Find("V17").Expect.Namespaces.Where(n => n.Key == "ns0").ToDictionary(),
        };

        Assert.Contains(VectorEvaluator.Evaluate(onlyBase, observed), e => e.StartsWith("c1.added: expected 0 entries, got 1", StringComparison.Ordinal));
        VectorObservation removal = MakeSlaveWithPeer().Observe();
        Assert.Contains(VectorEvaluator.Evaluate(VectorDocument.Find("V55").Expect, removal), e => e.StartsWith("ns0.removed: expected 1 entries, got 0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_namespace_that_appears_during_the_op_is_entirely_added()
    {
        VectorObservation observed = DefaultUnshare().Observe();

        Assert.False(observed.Before.ContainsKey("c1"));
        Assert.Equal(["/", "/shr", "/prv"], observed.DiffOf("c1").Added.Select(a => a.Mount.Path));
        Assert.Equal(ObservedMount.WorkspaceSource, observed.DiffOf("c1").Added[0].Mount.Src);
        Assert.True(observed.DiffOf("ns0").IsEmpty);
    }

    [Fact]
    public void References_read_the_top_of_the_stack_before_the_op_in_the_named_namespace()
    {
        var before = new Dictionary<string, IReadOnlyList<ObservedMount>>
        {
            ["ns0"] =
            [
                Mount(101, 100, "/P", "shared:70"),
                Mount(99, 101, "/P", "shared:72 master:70"),
                Mount(102, 100, "/Q", ""),
            ],
            ["c1"] = [Mount(201, 200, "/P", "master:70")],
        };

        // The top is the mount nothing at /P sits on, though its ID is lower.
        Assert.Equal("72", VectorEvaluator.ResolveReference("G(/P)", before));
        Assert.Equal("70", VectorEvaluator.ResolveReference("M(/P)", before));
        Assert.Equal("70", VectorEvaluator.ResolveReference("M(/P@c1)", before));
        Assert.Null(VectorEvaluator.ResolveReference("G(/P@c1)", before));
        Assert.Null(VectorEvaluator.ResolveReference("G(/Q)", before));
        Assert.Null(VectorEvaluator.ResolveReference("70", before));
        Assert.Throws<KeyNotFoundException>(() => VectorEvaluator.ResolveReference("G(/nowhere)", before));
    }

    [Fact]
    public void A_reference_to_a_path_without_a_mount_is_reported()
    {
        VectorObservation observed = MakeSlaveWithPeer().Observe();
        VectorExpectation broken = WithTags(VectorDocument.Find("V31").Expect, "ns0", ChangeCategory.Changed, "/c2b", "master:G(/nothing)");

        Assert.Contains(VectorEvaluator.Evaluate(broken, observed), e => e.StartsWith("bad reference: no mount at /nothing in ns0", StringComparison.Ordinal));
    }

    [Fact]
    public void Printed_output_cannot_be_checked_and_says_so()
    {
        VectorObservation observed = new HandMadeLab().Before(Base, Root()).Observe();
        VectorExpectation expect = VectorDocument.Find("V05").Expect with { Namespaces = new Dictionary<string, NamespaceExpectation>(), OutputContains = ["propagate_from:"] };

        Assert.Contains(VectorEvaluator.Evaluate(expect, observed), e => e.Contains("output_contains", StringComparison.Ordinal));
    }

    [Fact]
    public void Changes_that_do_not_fit_the_table_before_are_problems()
    {
        // The result removes #102, which the table given as "before" does not have.
        OperationResult result = new HandMadeLab()
            .Before(Base, Root(), Line(101, 100, "/A", "A"), Line(102, 100, "/B", "B"))
            .After(Base, Root(), Line(101, 100, "/A", "A"))
            .Result();
        var before = new Dictionary<string, MountTable>
        {
            [Base] = MountTable.Parse(Encoding.UTF8.GetBytes(Root() + "\n" + Line(101, 100, "/A", "A") + "\n")),
        };
        var problems = new List<string>();

        ReportedChanges.Observe(result, before, WorkspaceSource, new HashSet<string>(), out _, problems);

        Assert.Contains(problems, p => p.Contains("removal of #102 /B", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_left_out_of_the_report_is_found_by_the_cross_check()
    {
        HandMadeLab lab = MoveUnderShared();
        OperationResult full = lab.Result();
        var none = new HashSet<string>();
        Assert.Empty(CrossCheck(lab, full, none));

        // The copy in the slave Ps is not reported.
        List<string> missingCopy = CrossCheck(lab, full with { Changes = full.Changes.RemoveAll(c => c.Change.Mount.MountPoint == "/Ps/in1") }, none);
        Assert.Equal(["base: after the op the table has #107 /Ps/in1 master:71 (parent #103), which the table before plus the reported changes lacks"], missingCopy);

        // The move is reported but its new peer group is not.
        List<string> missingTags = CrossCheck(lab, full with { Changes = full.Changes.RemoveAll(c => c.Change.Kind == MountChangeKind.PropagationChanged) }, none);
        Assert.Equal(["base: after the op the table has #105 /P/in1 shared:71 (parent #101), which the table before plus the reported changes shows as /P/in1 private (parent #101)"], missingTags);

        // A namespace the op made, with nothing reported for it; unless it is not observed.
        HandMadeLab clone = DefaultUnshare();
        OperationResult cloneReport = clone.Result();
        OperationResult silent = cloneReport with { Changes = cloneReport.Changes.RemoveAll(c => c.Namespace == "c1") };
        Assert.Contains(CrossCheck(clone, silent, none), p => p.StartsWith("c1: the namespace exists after the op but the report has nothing for it", StringComparison.Ordinal));
        Assert.Empty(CrossCheck(clone, silent, new HashSet<string> { "c1" }));
    }

    private static List<string> CrossCheck(HandMadeLab lab, OperationResult report, IReadOnlySet<string> unobserved)
    {
        var problems = new List<string>();
        ReportedChanges.Observe(report, lab.BeforeTables, WorkspaceSource, unobserved, out IReadOnlyDictionary<string, MountTable> rebuilt, problems);
        ReportedChanges.CrossCheck(rebuilt, lab.AfterTables, unobserved, problems);
        return problems;
    }

    private static HandMadeLab ScenarioFor(string vectorId) => vectorId switch
    {
        "V01" => BindMatrix(sourceShared: true),
        "V04" => BindMatrix(sourceShared: false),
        "V31" => MakeSlaveWithPeer(),
        "V17" => PeerNamespaceGetsMount(),
        "V22" => DefaultUnshare(),
        "V25" => CloneOfAllTypes(),
        "V58" => Tuck(),
        _ => throw new ArgumentOutOfRangeException(nameof(vectorId), vectorId, "No hand-made scenario."),
    };

    private static PropagationVector Mutant(string id) => VectorDocument.Mutants.Single(m => m.Id == id);

    private static ObservedMount Mount(int id, int parent, string path, string tags) =>
        new(id, parent, path, "/", "fs", VectorEvaluator.ParseTags(tags), "/:lab-root");

    private static VectorExpectation WithTags(VectorExpectation expect, string ns, ChangeCategory category, string path, string tags) =>
        Rewrite(expect, ns, category, path, p => p with { Tags = tags });

    private static VectorExpectation Rewrite(VectorExpectation expect, string ns, ChangeCategory category, string path, Func<VectorMountPattern, VectorMountPattern> change)
    {
        NamespaceExpectation space = expect.Namespaces[ns];
        List<VectorMountPattern> entries = [.. space.For(category).Select(p => p.Path == path ? change(p) : p)];
        Assert.Contains(space.For(category), p => p.Path == path);
        NamespaceExpectation rewritten = category switch
        {
            ChangeCategory.Added => space with { Added = entries },
            ChangeCategory.Removed => space with { Removed = entries },
            _ => space with { Changed = entries },
        };
        return expect with { Namespaces = new Dictionary<string, NamespaceExpectation>(expect.Namespaces) { [ns] = rewritten } };
    }
}
