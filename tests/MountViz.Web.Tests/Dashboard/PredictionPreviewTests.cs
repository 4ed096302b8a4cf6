using System.Collections.Immutable;
using System.Threading.Channels;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>
/// The prediction under the command line and the forms: asked once typing pauses, stale
/// requests cancelled and their late answers dropped, and each kind of answer shown.
/// </summary>
public sealed class PredictionPreviewTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly ControlledPredictions _operations = new();
    private readonly DashboardTestContext _test;

    public PredictionPreviewTests()
    {
        _test = new DashboardTestContext(services => services.AddSingleton<ILabOperations>(_operations));
    }

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private async Task<(LabInfo Lab, IRenderedComponent<OperationsPanel> Panel)> RenderAsync(OperationSelection? selection = null)
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = _test.Context.Render<OperationsPanel>(p => p
            .Add(x => x.Labs, _test.Backend.Engine.ListLabs())
            .Add(x => x.Selection, selection));
        return (lab, panel);
    }

    private static IElement Preview(IRenderedComponent<OperationsPanel> panel, string within = ".cmd-bar") =>
        panel.Find($"{within} [data-testid=prediction-preview]");

    private static Prediction Bind() => new()
    {
        Supported = true,
        Changes = ImmutableDictionary.Create<string, ImmutableArray<PredictedChange>>(StringComparer.Ordinal)
            .Add("base", [Added(100, "/target1/target2", "shared:1"), Added(101, "/source1/target2", "shared:1")])
            .Add("c1", [Added(102, "/target1/target2", "master:1")]),
        Explanations =
        [
            new PropagationExplanation("base", "/source1", true, "R-PEER", "/target1 is a peer of /source1 in shared:1, so the bind at /target1/target2 is copied to /source1/target2."),
            new PropagationExplanation("c1", "/target1", true, "R-SLAVE", "/target1 is a slave of shared:1, so it receives the bind at /target1/target2."),
        ],
    };

    private static PredictedChange Added(int id, string mountPoint, string tag)
    {
        GroupRef group = new(1, null);
        return new PredictedChange(
            MountChangeKind.Added,
            new PredictedMount(id, true, 50, mountPoint, "/source2", "tmpfs", "lab", 0, 40, tag.StartsWith("shared", StringComparison.Ordinal) ? group : null, tag.StartsWith("master", StringComparison.Ordinal) ? group : null, false),
            null);
    }

    [Fact]
    public async Task Typing_asks_once_after_the_pause_and_shows_the_changes_with_their_reasons()
    {
        (LabInfo lab, IRenderedComponent<OperationsPanel> panel) = await RenderAsync();
        IElement line = panel.Find("#cmd-line");

        await line.InputAsync(new ChangeEventArgs { Value = "mount" });
        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --bind source2" });
        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --bind source2 target1/target2" });

        PendingPrediction asked = await _operations.NextAsync();
        Assert.Equal((lab.Id, "base", "mount --bind source2 target1/target2"), (asked.LabId, asked.Namespace, asked.Line));
        asked.Answer.SetResult(Bind());

        panel.WaitForAssertion(() => Assert.Equal("ok", Preview(panel).GetAttribute("data-state")), Wait);
        IElement preview = Preview(panel);
        Assert.Contains("will succeed", preview.TextContent, StringComparison.Ordinal);
        Assert.Contains("base: 2 added; c1: 1 added.", preview.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["base+/target1/target2(shared:1)+/source1/target2(shared:1)", "c1+/target1/target2(master:1)"],
            preview.QuerySelectorAll(".pred-changes li").Select(l => string.Concat(l.TextContent.Where(c => !char.IsWhiteSpace(c)))));
        Assert.Contains("/target1 is a peer of /source1 in shared:1, so the bind at /target1/target2 is copied to /source1/target2.", preview.QuerySelector(".pred-why")!.TextContent, StringComparison.Ordinal);

        // The two lines typed before the pause were never asked about.
        await Task.Delay(PredictionPreview.Debounce * 3);
        Assert.Equal(1, _operations.Asked);
        Assert.Empty(_operations.Executed);
    }

    [Fact]
    public async Task A_newer_line_cancels_the_request_in_flight_its_late_answer_is_dropped_and_typing_never_waits()
    {
        (_, IRenderedComponent<OperationsPanel> panel) = await RenderAsync();

        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --make-shared /a" });
        PendingPrediction first = await _operations.NextAsync();

        // The first answer has not come: the line takes the next keystrokes at once.
        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --make-private /a" });
        Assert.Equal("mount --make-private /a", panel.Find("#cmd-line").GetAttribute("value"));
        Assert.True(first.Token.IsCancellationRequested);

        PendingPrediction second = await _operations.NextAsync();
        Assert.Equal("mount --make-private /a", second.Line);
        first.Answer.SetResult(Prediction.Unsupported("the answer to the old line"));
        second.Answer.SetResult(new Prediction { Supported = true, Errno = "EINVAL", Explanations = [new PropagationExplanation("base", null, null, "R-MOUNTPOINT", "/a is not a mount point: --make-private applies to a mount.")] });

        panel.WaitForAssertion(() => Assert.Equal("errno", Preview(panel).GetAttribute("data-state")), Wait);
        Assert.Equal("will fail with EINVAL: /a is not a mount point: --make-private applies to a mount.", Preview(panel).TextContent.Trim());
        Assert.DoesNotContain("old line", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmodelled_line_says_no_prediction_and_an_incomplete_one_its_parse_error_quietly()
    {
        (_, IRenderedComponent<OperationsPanel> panel) = await RenderAsync();

        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "pivot_root new old" });
        (await _operations.NextAsync()).Answer.SetResult(Prediction.Unsupported("`pivot_root new old` is not modelled yet."));
        panel.WaitForAssertion(() => Assert.Equal("unsupported", Preview(panel).GetAttribute("data-state")), Wait);
        Assert.Equal("no prediction: `pivot_root new old` is not modelled yet.", Preview(panel).TextContent.Trim());

        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --bind a" });
        (await _operations.NextAsync()).Answer.SetException(new LabException(LabErrorKind.InvalidRequest, "mount --bind needs a source and a target."));
        panel.WaitForAssertion(() => Assert.Equal("invalid", Preview(panel).GetAttribute("data-state")), Wait);
        Assert.Equal("not yet a command: mount --bind needs a source and a target.", Preview(panel).TextContent.Trim());

        // An empty line shows nothing and asks nothing.
        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "  " });
        Assert.Empty(panel.FindAll("[data-testid=prediction-preview]"));
        await Task.Delay(PredictionPreview.Debounce * 3);
        Assert.Equal(2, _operations.Asked);
    }

    [Fact]
    public async Task A_form_previews_its_line_once_complete_and_asks_again_after_a_run()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = _test.Context.Render<OperationsPanel>(p => p
            .Add(x => x.Labs, _test.Backend.Engine.ListLabs())
            .Add(x => x.Selection, new OperationSelection(lab.Namespaces[0].SourceId, "/source1", true)));
        await panel.Find("[data-op=bind]").ClickAsync(new MouseEventArgs());

        // Only the source is filled: the form says what is missing itself, nothing is asked.
        Assert.Empty(panel.FindAll(".op-form [data-testid=prediction-preview]"));
        await panel.Find("input[name=target]").InputAsync(new ChangeEventArgs { Value = "target1" });
        PendingPrediction asked = await _operations.NextAsync();
        Assert.Equal("mount --bind /source1 target1", asked.Line);
        asked.Answer.SetResult(new Prediction { Supported = true, Errno = "EINVAL", Explanations = [new PropagationExplanation("base", null, null, "R-UNBINDABLE", "/source1 is unbindable: it cannot be the source of a bind.")] });
        panel.WaitForAssertion(() => Assert.Equal("errno", Preview(panel, ".op-form").GetAttribute("data-state")), Wait);
        Assert.Contains("/source1 is unbindable", Preview(panel, ".op-form").TextContent, StringComparison.Ordinal);

        // The kernel refuses too; the form stays, and its line is predicted again against the lab as it is now.
        _operations.NextResult = new OperationResult(false, "EINVAL", "refused", "mount --bind /source1 target1", "mount(...)", []);
        await panel.Find("form.op-form").SubmitAsync();
        Assert.Equal(["mount --bind /source1 target1"], _operations.Executed);
        PendingPrediction again = await _operations.NextAsync();
        Assert.Equal("mount --bind /source1 target1", again.Line);
    }

    [Fact]
    public async Task A_result_the_simulator_got_wrong_shows_the_difference_as_a_finding()
    {
        var comparison = new PredictionComparison(
            false,
            ["Predicted in namespace c1 but not observed: /source1/target2 added (master:1)."],
            ["ok", "c1 + /source1/target2 master:1"],
            ["ok"]);
        OperationResult result = new(true, null, "Done.", "mount --bind source2 target1/target2", "mount(...)", []) { Comparison = comparison };

        IRenderedComponent<OperationResultView> view = _test.Context.Render<OperationResultView>(p => p.Add(x => x.Result, result));

        IElement finding = view.Find(".op-finding[data-prediction=mismatch]");
        Assert.Equal("alert", finding.GetAttribute("role"));
        Assert.Equal("finding", finding.QuerySelector(".op-badge")!.TextContent);
        Assert.Equal(["Predicted in namespace c1 but not observed: /source1/target2 added (master:1)."], finding.QuerySelectorAll(":scope > ul > li").Select(l => l.TextContent));
        Assert.Contains("c1 + /source1/target2 master:1", finding.QuerySelector(".op-finding-lines")!.TextContent, StringComparison.Ordinal);

        IRenderedComponent<OperationResultView> matched = _test.Context.Render<OperationResultView>(p => p.Add(x => x.Result, result with { Comparison = comparison with { Matches = true, Findings = [] } }));
        Assert.Empty(matched.FindAll(".op-finding"));
        Assert.Equal("The simulator predicted exactly this.", matched.Find("[data-prediction=match]").TextContent);
    }

    /// <summary>One PredictAsync call, answered when the test says.</summary>
    private sealed record PendingPrediction(string LabId, string Namespace, string Line, CancellationToken Token)
    {
        public TaskCompletionSource<Prediction> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Predictions the test answers one by one; runs return <see cref="NextResult"/>.</summary>
    private sealed class ControlledPredictions : ILabOperations
    {
        private readonly Channel<PendingPrediction> _asked = Channel.CreateUnbounded<PendingPrediction>();
        private int _count;

        public int Asked => Volatile.Read(ref _count);

        public List<string> Executed { get; } = [];

        public OperationResult NextResult { get; set; } = new(true, null, "done", "true", "", []);

        public async Task<PendingPrediction> NextAsync() => await _asked.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        public Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            var pending = new PendingPrediction(labId, namespaceName, command, cancellationToken);
            _asked.Writer.TryWrite(pending);
            return pending.Answer.Task.WaitAsync(cancellationToken);
        }

        public Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            PredictAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

        public Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
        {
            Executed.Add(command);
            return Task.FromResult(NextResult);
        }

        public Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            ExecuteAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

        public Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FileTree("/", new FileEntry("/", "directory", true, []), false));

        public IReadOnlyList<OperationRecord> History(string labId) => [];

        public event EventHandler<LabHistoryEvent>? HistoryChanged { add { } remove { } }
    }
}
