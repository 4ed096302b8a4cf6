using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MountViz.Core.Json;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Scenarios;
using MountViz.Core.Simulation;
using MountViz.Web.Cli;

namespace MountViz.Web.Tests.Scenarios;

/// <summary>
/// The prediction at each step of <c>mountviz scenario run</c>, text and JSON, without a kernel:
/// results whose comparison is computed by <see cref="PredictionComparison.Compare(Prediction, OperationResult, IReadOnlyDictionary{string, MountTable})"/>
/// from a prediction and an outcome that differ, as the pivot_root case the built-ins found
/// (EINVAL predicted, ENOTDIR observed). A mismatch is a finding line at the command and again
/// in the summary; it never fails the scenario.
/// </summary>
public class ScenarioPredictionReportTests
{
    private static readonly Scenario Scenario = ScenarioLoader.Load(
        """
        title: Predictions
        setup:
          - run: [mkdir /a, mount --make-private /a]
        steps:
          - title: Four commands
            run: [mount --bind /u /b, pivot_root /f /f/old, mount -t tmpfs x /a/x, mount --move /a /c]
            narrative: n
        """,
        "predictions").Scenario!;

    private static readonly Dictionary<string, MountTable> Before = new(StringComparer.Ordinal) { ["base"] = MountTable.Parse("22 1 0:42 / /a rw shared:1 - tmpfs lab rw\n"u8) };

    [Fact]
    public void Text_shows_each_prediction_and_every_mismatch_as_a_finding_without_failing_the_scenario()
    {
        (StepResult setup, StepResult step) = Results();
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        ScenarioTextReport.WriteStep(Scenario, setup, output);
        ScenarioTextReport.WriteStep(Scenario, step, output);
        ScenarioTextReport.WriteSummary(Scenario, [setup, step], output);

        string text = output.ToString().ReplaceLineEndings("\n");
        string[] setupPart = text.Split("## Step 1/1")[0].Split('\n');
        string stepPart = text.Split("## Step 1/1")[1].Split("## Shell script")[0];

        // The setup is not narrated: its matching prediction is not shown, its mismatch is.
        Assert.DoesNotContain(setupPart, l => l.Contains("predicted:", StringComparison.Ordinal) || l.Contains("prediction matched", StringComparison.Ordinal));
        Assert.Contains("      FINDING Predicted in namespace base but not observed: /a becomes private (was shared:1).", setupPart);

        Assert.Contains(
            """
              base$ mount --bind /u /b
                  mount("/u", "/b", NULL, MS_BIND, NULL)
                  Invalid argument.
                  predicted: refused with EINVAL, no mount changes
                    why: [base] The bind source /u is unbindable.
                  prediction matched: the kernel did what was predicted

            """,
            stepPart,
            StringComparison.Ordinal);
        Assert.Contains(
            """
                  predicted: refused with EINVAL, no mount changes
                  FINDING Predicted that the kernel refuses it with EINVAL; the kernel refused it with ENOTDIR.
                    predicted (normalised): EINVAL
                    observed (normalised):  ENOTDIR

            """,
            stepPart,
            StringComparison.Ordinal);
        Assert.Contains(
            """
                  predicted: succeeds, 1 change:
                    in base: /a/x added (tmpfs x, shared:new group 1)
                    why: [base] A new tmpfs is shared when its parent is.
                    why: [base] /a receives it.
                    why: [ns4] /r1 receives it.
                    why: [ns4] /r2 receives it.
                    why: [ns4] /r3 receives it.
                    why: [ns4] /r4 receives it.
                    why: ... 2 more (--format json lists them all)
                    why: in 2 other namespaces, 6 candidates get nothing (--format json says why for each)
                  FINDING Predicted in namespace base but not observed: /a/x added (tmpfs x, shared:new group 1).

            """,
            stepPart,
            StringComparison.Ordinal);
        Assert.Contains("      prediction: none (Moves are not modelled here.)\n", stepPart, StringComparison.Ordinal);

        Assert.Contains(
            """
            Predictions: 1 of 4 predicted commands matched the kernel, 1 without a prediction.
              FINDING setup, base$ mount --make-private /a: Predicted in namespace base but not observed: /a becomes private (was shared:1).
              FINDING step 1, base$ pivot_root /f /f/old: Predicted that the kernel refuses it with EINVAL; the kernel refused it with ENOTDIR.
              FINDING step 1, base$ mount -t tmpfs x /a/x: Predicted in namespace base but not observed: /a/x added (tmpfs x, shared:new group 1).
            PASSED: predictions, setup and 1 steps.

            """,
            text,
            StringComparison.Ordinal);
        Assert.True(ScenarioTextReport.Passed(Scenario, [setup, step]));
    }

    [Fact]
    public void Json_carries_each_commands_prediction_match_and_findings_and_the_run_totals()
    {
        (StepResult setup, StepResult step) = Results();

        string json = JsonSerializer.Serialize(ScenarioRunDto.From(Scenario, [setup, step], passed: true), MountJson.Options);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement commands = document.RootElement.GetProperty("steps")[1].GetProperty("commands");
        Assert.Equal(4, commands.GetArrayLength());
        JsonElement bind = commands[0];
        Assert.True(bind.GetProperty("predicted").GetProperty("supported").GetBoolean());
        Assert.Equal("EINVAL", bind.GetProperty("predicted").GetProperty("errno").GetString());
        Assert.Equal("R-BIND", bind.GetProperty("predicted").GetProperty("explanations")[0].GetProperty("rule").GetString());
        Assert.True(bind.GetProperty("matches").GetBoolean());
        Assert.Equal(0, bind.GetProperty("findings").GetArrayLength());
        JsonElement pivot = commands[1];
        Assert.False(pivot.GetProperty("matches").GetBoolean());
        Assert.Equal(["Predicted that the kernel refuses it with EINVAL; the kernel refused it with ENOTDIR."], pivot.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        JsonElement mount = commands[2];
        JsonElement change = mount.GetProperty("predicted").GetProperty("changes")[0];
        Assert.Equal("added", change.GetProperty("kind").GetString());
        Assert.Equal("/a/x", change.GetProperty("mount").GetProperty("mountPoint").GetString());
        Assert.Equal(14, mount.GetProperty("predicted").GetProperty("explanations").GetArrayLength());
        JsonElement move = commands[3];
        Assert.False(move.GetProperty("predicted").GetProperty("supported").GetBoolean());
        Assert.Equal("Moves are not modelled here.", move.GetProperty("predicted").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, move.GetProperty("matches").ValueKind);

        JsonElement totals = document.RootElement.GetProperty("predictions");
        Assert.Equal(4, totals.GetProperty("predicted").GetInt32());
        Assert.Equal(1, totals.GetProperty("matched").GetInt32());
        Assert.Equal(1, totals.GetProperty("unsupported").GetInt32());
        Assert.Equal([0, 1, 1], totals.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("step").GetInt32()));
        Assert.Equal("pivot_root /f /f/old", totals.GetProperty("findings")[1].GetProperty("command").GetString());
        Assert.True(document.RootElement.GetProperty("passed").GetBoolean());
    }

    private static (StepResult Setup, StepResult Step) Results()
    {
        // Setup: mkdir has no prediction at all; the make-private is predicted but the kernel reports nothing.
        Prediction makePrivate = Supported(changes: InBase(new PredictedChange(
            MountChangeKind.PropagationChanged,
            new PredictedMount(22, false, 1, "/a", "/", "tmpfs", "lab", 0, 42, null, null, false),
            new PredictedMount(22, false, 1, "/a", "/", "tmpfs", "lab", 0, 42, new GroupRef(1, null), null, false))));
        StepResult setup = new(
            "0123abcd",
            ScenarioPhase.Setup,
            null,
            [
                new CommandOutcome("base", "mkdir /a", new OperationResult(true, null, "Done.", "mkdir /a", "mkdir(\"/a\", 0755)", []), null),
                Outcome("mount --make-private /a", makePrivate, new OperationResult(true, null, "Done.", "mount --make-private /a", "mount(NULL, \"/a\", NULL, MS_PRIVATE, NULL)", [])),
            ],
            [],
            [],
            [],
            null);

        Prediction unbindable = Supported(errno: "EINVAL", explanations: [new PropagationExplanation("base", null, null, "R-BIND", "The bind source /u is unbindable.")]);
        Prediction pivot = Supported(errno: "EINVAL");
        PropagationExplanation[] many =
        [
            .. Enumerable.Range(1, 5).Select(i => new PropagationExplanation("ns2", "/", false, "R-PRIV", $"ns2:/ gets nothing ({i}).")),
            new PropagationExplanation("base", "/b", false, "R-PRIV", "/b is private."),
            new PropagationExplanation("base", "/a", true, "R-RECV", "/a receives it."),
            .. Enumerable.Range(1, 5).Select(i => new PropagationExplanation("ns4", $"/r{i}", true, "R-RECV", $"/r{i} receives it.")),
            new PropagationExplanation("base", null, null, "R-NEW", "A new tmpfs is shared when its parent is."),
            new PropagationExplanation("ns3", "/", false, "R-PRIV", "ns3:/ gets nothing."),
        ];
        Prediction tmpfs = Supported(
            changes: InBase(new PredictedChange(
                MountChangeKind.Added,
                new PredictedMount(23, true, 22, "/a/x", "/", "tmpfs", "x", null, null, new GroupRef(null, 1), null, false),
                null)),
            explanations: [.. many]);
        StepResult step = new(
            "0123abcd",
            ScenarioPhase.Step,
            Scenario.Steps[0],
            [
                Outcome("mount --bind /u /b", unbindable, new OperationResult(false, "EINVAL", "Invalid argument.", "mount --bind /u /b", "mount(\"/u\", \"/b\", NULL, MS_BIND, NULL)", [])),
                Outcome("pivot_root /f /f/old", pivot, new OperationResult(false, "ENOTDIR", "Not a directory.", "pivot_root /f /f/old", "pivot_root(\"/f\", \"/f/old\")", [])),
                Outcome("mount -t tmpfs x /a/x", tmpfs, new OperationResult(true, null, "Done.", "mount -t tmpfs x /a/x", "mount(\"x\", \"/a/x\", \"tmpfs\", 0, NULL)", [])),
                new CommandOutcome("base", "mount --move /a /c", new OperationResult(true, null, "Done.", "mount --move /a /c", "mount(\"/a\", \"/c\", NULL, MS_MOVE, NULL)", []) { Predicted = Prediction.Unsupported("Moves are not modelled here.") }, null),
            ],
            [],
            [],
            [],
            null);
        return (setup, step);
    }

    private static Prediction Supported(
        string? errno = null,
        ImmutableDictionary<string, ImmutableArray<PredictedChange>>? changes = null,
        ImmutableArray<PropagationExplanation> explanations = default) => new()
        {
            Supported = true,
            Errno = errno,
            Changes = changes ?? ImmutableDictionary.Create<string, ImmutableArray<PredictedChange>>(StringComparer.Ordinal),
            Explanations = explanations.IsDefault ? [] : explanations,
        };

    private static ImmutableDictionary<string, ImmutableArray<PredictedChange>> InBase(PredictedChange change) =>
        ImmutableDictionary.Create<string, ImmutableArray<PredictedChange>>(StringComparer.Ordinal).Add("base", [change]);

    // The comparison is the real one, as LabOperations attaches it after running a command.
    private static CommandOutcome Outcome(string command, Prediction prediction, OperationResult observed) =>
        new("base", command, observed with { Namespace = "base", Predicted = prediction, Comparison = PredictionComparison.Compare(prediction, observed, Before) }, null);
}
