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
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

public sealed class OperationsPanelTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly PanelTest _test = new();
    private readonly List<IReadOnlyList<string>> _highlights = [];

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private FakeLabOperations Operations => _test.Backend.Operations;

    private IRenderedComponent<OperationsPanel> Render(OperationSelection? selection = null, int drawn = int.MaxValue) =>
        _test.Context.Render<OperationsPanel>(p => p
            .Add(x => x.Labs, _test.Backend.Engine.ListLabs())
            .Add(x => x.Selection, selection)
            .Add(x => x.Highlight, ids =>
            {
                _highlights.Add(ids);
                return Task.FromResult(Math.Min(drawn, ids.Count));
            }));

    [Fact]
    public void Without_a_lab_the_buttons_show_disabled_and_say_what_to_do()
    {
        IRenderedComponent<OperationsPanel> panel = Render();

        IElement[] buttons = [.. panel.FindAll("[data-op]")];
        Assert.Equal(OperationFormCatalog.All.Select(s => s.Id), buttons.Select(b => b.GetAttribute("data-op")));
        Assert.All(buttons, b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("No lab yet: Create lab", panel.Find(".dash-command").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("#cmd-line"));
    }

    [Fact]
    public async Task A_bind_form_starts_from_the_selected_mount_shows_its_line_and_runs_it_as_a_typed_command()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        Operations.NextResult = new OperationResult(true, null, "Done. Changes: base: 1 added.", "mount --bind /source1 target1", "mount(\"/source1\", \"/target1\", NULL, MS_BIND, NULL)",
            [new NamespaceChange("base", new MountChange(MountChangeKind.Added, DashboardTestContext.Mount("41 3 0:50 /source1 /target1 rw shared:3 - tmpfs tmpfs rw"), null))]);
        IRenderedComponent<OperationsPanel> panel = Render(new OperationSelection(lab.Namespaces[0].SourceId, "/source1", true));
        await panel.Find("[data-op=bind]").ClickAsync(new MouseEventArgs());

        Assert.Equal("/source1", panel.Find(".op-form-context .ops-selected").TextContent);
        Assert.Contains($"in lab {lab.Id} · base", panel.Find(".op-form-context").TextContent, StringComparison.Ordinal);

        IElement form = panel.Find("form.op-form[data-form=bind]");
        Assert.Equal("true", panel.Find("[data-op=bind]").GetAttribute("aria-expanded"));
        Assert.Equal("/source1", form.QuerySelector("input[name=source]")!.GetAttribute("value"));
        Assert.Equal("true", panel.Find("[data-action=run-op]").GetAttribute("aria-disabled"));
        Assert.Equal("Fill in: target.", panel.Find(".op-form-error").TextContent);
        await panel.Find("form.op-form").SubmitAsync();
        Assert.Empty(Operations.Calls);
        // Keyboard users land in the field still to fill.
        _test.Context.JSInterop.VerifyFocusAsyncInvoke();

        await panel.Find("input[name=target]").InputAsync(new ChangeEventArgs { Value = "target1" });
        Assert.Equal("$ mount --bind /source1 target1", panel.Find(".op-preview").TextContent);
        Assert.False(panel.Find("[data-action=run-op]").HasAttribute("aria-disabled"));

        await panel.Find("form.op-form").SubmitAsync();

        Assert.Equal([$"Execute {lab.Id} base: mount --bind /source1 target1"], Operations.Calls);
        Assert.Empty(panel.FindAll("form.op-form"));
        Assert.Equal("ok", panel.Find(".cmd-output .op-badge").TextContent);
        Assert.Equal(["mount --bind /source1 target1"], panel.Instance.History);

        // The form's line is in the command line's history like a typed one.
        await panel.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowUp" });
        Assert.Equal("mount --bind /source1 target1", panel.Find("#cmd-line").GetAttribute("value"));
    }

    [Fact]
    public async Task A_refused_operation_keeps_its_form_open_to_fix_it()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        Operations.NextResult = new OperationResult(false, "EINVAL", "mount --make-shared x failed with EINVAL.", "mount --make-shared x", "mount(NULL, \"/x\", NULL, MS_SHARED, NULL)", []) { Cause = "x is not a mount point" };
        IRenderedComponent<OperationsPanel> panel = Render();

        await panel.Find("[data-op=make-shared]").ClickAsync(new MouseEventArgs());
        await panel.Find("input[name=target]").InputAsync(new ChangeEventArgs { Value = "x" });
        await panel.Find("input[name=recursive]").ChangeAsync(new ChangeEventArgs { Value = true });
        Assert.Equal("$ mount --make-rshared x", panel.Find(".op-preview").TextContent);
        await panel.Find("form.op-form").SubmitAsync();

        Assert.Equal([$"Execute {lab.Id} base: mount --make-rshared x"], Operations.Calls);
        Assert.Single(panel.FindAll("form.op-form"));
        Assert.Equal("EINVAL", panel.Find(".op-result.is-failed .op-badge").TextContent);
        Assert.Equal("Cause: x is not a mount point", panel.Find(".op-cause").TextContent);
    }

    [Fact]
    public async Task Escape_closes_the_form_and_gives_focus_back_to_its_button()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = Render();
        await panel.Find("[data-op=mkdir]").ClickAsync(new MouseEventArgs());
        Assert.Single(panel.FindAll("form[data-form=mkdir]"));

        await panel.Find("form.op-form").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(panel.FindAll("form.op-form"));
        Assert.Equal("false", panel.Find("[data-op=mkdir]").GetAttribute("aria-expanded"));
        // Once into the form's first field, once back to the button.
        Assert.Equal(2, _test.Context.JSInterop.Invocations.Count(i => i.Identifier.EndsWith("focus", StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(Operations.Calls);
    }

    [Fact]
    public async Task Selecting_a_mount_of_another_lab_namespace_runs_the_forms_there()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        LabNamespaceInfo a = await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "a", "base", NamespacePropagation.Slave);
        IRenderedComponent<OperationsPanel> panel = Render();
        Assert.Equal(lab.Namespaces[0].SourceId, panel.Find("#cmd-ns").GetAttribute("value"));

        panel.Render(p => p.Add(x => x.Labs, _test.Backend.Engine.ListLabs()).Add(x => x.Selection, new OperationSelection(a.SourceId, "/target1", true)));
        await panel.Find("[data-op=umount-lazy]").ClickAsync(new MouseEventArgs());
        await panel.Find("form.op-form").SubmitAsync();

        Assert.Equal(a.SourceId, panel.Find("#cmd-ns").GetAttribute("value"));
        Assert.Equal([$"Execute {lab.Id} a: umount -l /target1"], Operations.Calls);
    }

    [Fact]
    public async Task A_host_selection_prefills_nothing_and_says_why()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = Render(new OperationSelection(FakeBackend.HostSourceId, "/mnt", true));

        await panel.Find("[data-op=umount]").ClickAsync(new MouseEventArgs());

        Assert.Contains("Host namespaces are read-only", panel.Find(".op-form-context").TextContent, StringComparison.Ordinal);
        Assert.Equal("", panel.Find("input[name=target]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_new_namespace_form_offers_the_labs_namespaces_and_propagation_options()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "a", "base", NamespacePropagation.Slave);
        IRenderedComponent<OperationsPanel> panel = Render();

        await panel.Find("[data-op=unshare]").ClickAsync(new MouseEventArgs());
        Assert.Equal(["base", "a"], panel.FindAll("select[name=from] option").Select(o => o.TextContent));
        Assert.Equal(["private", "shared", "slave", "unchanged"], panel.FindAll("select[name=propagation] option").Select(o => o.TextContent));
        await panel.Find("input[name=name]").InputAsync(new ChangeEventArgs { Value = "c1" });
        Assert.Equal("$ unshare -m --propagation slave c1", panel.Find(".op-preview").TextContent);
        await panel.Find("select[name=from]").ChangeAsync(new ChangeEventArgs { Value = "a" });
        await panel.Find("select[name=propagation]").ChangeAsync(new ChangeEventArgs { Value = "shared" });

        Assert.Equal("$ unshare -m --propagation shared --from a c1", panel.Find(".op-preview").TextContent);
    }

    [Fact]
    public async Task While_an_operation_runs_the_panel_shows_it_and_takes_no_second_one()
    {
        var gate = new TaskCompletionSource();
        _test.Operations.Gate = gate.Task;
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = Render();

        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mkdir a" });
        Task running = panel.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        panel.WaitForAssertion(() => Assert.Contains("Running mkdir a in lab", panel.Find(".op-running").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("Running…", panel.Find(".cmd-row .btn-primary").TextContent);
        gate.SetResult();
        await running;

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(".op-running")), Wait);
        Assert.Equal([$"Execute {lab.Id} base: mkdir a"], Operations.Calls);
    }

    [Fact]
    public async Task The_timeline_lists_the_labs_operations_newest_first_and_an_entry_highlights_its_changes()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        MountChange added = new(MountChangeKind.Added, DashboardTestContext.Mount("41 3 0:50 /source1 /target1 rw shared:3 - tmpfs tmpfs rw"), null);
        MountChange removed = new(MountChangeKind.Removed, DashboardTestContext.Mount("40 3 0:49 / /old rw - tmpfs tmpfs rw"), null);
        Operations.Records.Add(new OperationRecord(1, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Done.", "mkdir source1 target1", "mkdir(\"/source1\", 0777)", [])));
        Operations.Records.Add(new OperationRecord(2, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Done. Changes: base: 1 added; a: 1 added, 1 removed.", "mount --bind source1 target1", "mount(...)",
            [new NamespaceChange("base", added), new NamespaceChange("a", added with { Mount = added.Mount with { Id = 52 } }), new NamespaceChange("a", removed)])));
        IRenderedComponent<OperationsPanel> panel = Render(drawn: 1);

        IElement[] entries = [.. panel.FindAll(".tl-entry")];
        Assert.Equal(["2", "1"], entries.Select(e => e.GetAttribute("data-seq")));
        Assert.Contains($"lab {lab.Id}", panel.Find(".tl-head h3").GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("3 changes", entries[0].TextContent, StringComparison.Ordinal);

        await entries[0].ClickAsync(new MouseEventArgs());

        Assert.Equal([GraphIds.Mount(LabSourceId.Format(lab.Id, "base"), 41), GraphIds.Mount(LabSourceId.Format(lab.Id, "a"), 52)], Assert.Single(_highlights));
        Assert.Equal("true", panel.Find(".tl-entry[data-seq='2']").GetAttribute("aria-pressed"));
        Assert.Equal("mount --bind source1 target1", panel.Find(".cmd-output .op-calls code").TextContent);
        Assert.Contains("1 of its 2 changed mounts are in the graph", panel.Find(".op-note").TextContent, StringComparison.Ordinal);

        // Clicking it again clears the highlight.
        await panel.Find(".tl-entry[data-seq='2']").ClickAsync(new MouseEventArgs());
        Assert.Empty(_highlights[^1]);
        Assert.Equal("false", panel.Find(".tl-entry[data-seq='2']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task A_run_adds_its_record_to_the_timeline_and_selects_it()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        _test.Operations.RecordRuns = true;
        IRenderedComponent<OperationsPanel> panel = Render();
        Assert.Contains("No operation yet", panel.Find(".ops-timeline").TextContent, StringComparison.Ordinal);

        await panel.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mkdir a" });
        await panel.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        IElement entry = panel.Find(".tl-entry");
        Assert.Equal("1", entry.GetAttribute("data-seq"));
        Assert.Equal("true", entry.GetAttribute("aria-pressed"));
        Assert.Equal($"Execute {lab.Id} base: mkdir a", Assert.Single(Operations.Calls));
    }

    [Fact]
    public async Task Copy_as_shell_script_copies_the_history_as_a_script()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        Operations.Records.Add(new OperationRecord(1, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Done.", "mkdir a", "", [])));
        _test.Context.JSInterop.SetupVoid("navigator.clipboard.writeText", i => i.Arguments.Single() is string s && s.StartsWith("#!/bin/sh", StringComparison.Ordinal)).SetVoidResult();
        IRenderedComponent<OperationsPanel> panel = Render();

        await panel.Find("[data-action=copy-script]").ClickAsync(new MouseEventArgs());

        string script = (string)_test.Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Single()!;
        Assert.Contains("in_ns \"$ns_base\" / 'mkdir a'", script, StringComparison.Ordinal);
        Assert.Equal("Copied", panel.Find("[data-action=copy-script]").TextContent);
        const string Prefix = "data:text/x-shellscript;charset=utf-8,";
        string href = panel.Find(".tl-actions a").GetAttribute("href")!;
        Assert.StartsWith(Prefix, href, StringComparison.Ordinal);
        Assert.Equal(script, Uri.UnescapeDataString(href[Prefix.Length..]));
    }

    [Fact]
    public async Task Focusing_the_command_line_attaches_the_Tab_handler_once_and_disposal_removes_it()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        BunitJSModuleInterop commandLine = _test.Context.JSInterop.SetupModule(CommandBar.ModulePath);
        BunitJSInterop handler = commandLine.SetupModule(i => i.Identifier == "attachCommandLine");
        handler.SetupVoid("dispose").SetVoidResult();
        IRenderedComponent<OperationsPanel> panel = Render();

        await panel.Find("#cmd-line").FocusAsync(new FocusEventArgs());
        await panel.Find("#cmd-line").FocusAsync(new FocusEventArgs());

        JSRuntimeInvocation attach = Assert.Single(commandLine.Invocations["attachCommandLine"]);
        Assert.IsType<ElementReference>(attach.Arguments[0]);
        Assert.NotNull(attach.Arguments[1]);
        await _test.Context.DisposeComponentsAsync();
        handler.VerifyInvoke("dispose", calledTimes: 1);
    }

    [Fact]
    public async Task Tab_completes_a_path_from_the_namespaces_directory_and_lists_the_candidates()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        Operations.Files = new FileTree(".", new FileEntry(".", "directory", true,
            [new FileEntry("source1", "directory", false, []), new FileEntry("source2", "directory", false, []), new FileEntry("target1", "directory", true, [])]), false);
        IRenderedComponent<OperationsPanel> panel = Render();
        IRenderedComponent<CommandBar> bar = panel.FindComponent<CommandBar>();

        CompletionReply reply = await panel.InvokeAsync(() => bar.Instance.CompleteAsync("mount --bind sou", 16));

        Assert.Equal(new CompletionReply("mount --bind source", 19, false), reply);
        Assert.Equal([$"ListFiles {lab.Id} base . depth=1 entries=1000"], Operations.Calls);
        panel.WaitForAssertion(() => Assert.Equal(["source1/", "source2/"], panel.FindAll(".cmd-candidate").Select(c => c.TextContent)), Wait);

        // Tab again with nothing more to add: focus moves on (the line never traps the keyboard).
        CompletionReply again = await panel.InvokeAsync(() => bar.Instance.CompleteAsync("mount --bind source", 19));
        Assert.True(again.MoveFocus);

        CompletionReply unique = await panel.InvokeAsync(() => bar.Instance.CompleteAsync("mount --bind source1 ta", 23));
        Assert.Equal("mount --bind source1 target1/", unique.Line);
        CompletionReply verb = await panel.InvokeAsync(() => bar.Instance.CompleteAsync("umo", 3));
        Assert.Equal("umount ", verb.Line);
    }

    [Fact]
    public async Task The_timeline_shows_operations_run_elsewhere_as_they_are_recorded_and_stops_listening_when_disposed()
    {
        GatedOperations counting = _test.Operations;
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<OperationsPanel> panel = Render();
        Assert.Equal(1, Operations.HistoryListeners);

        // An operation from the REST API shows up without a click, as soon as it is recorded.
        Operations.Record(lab.Id, new OperationRecord(1, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Done.", "mkdir from-api", "", [])));
        panel.WaitForAssertion(() => Assert.Contains("mkdir from-api", panel.Find(".tl-entry").TextContent, StringComparison.Ordinal));

        // Another lab's operation is not this timeline's business: its history is not even read.
        int reads = counting.HistoryReads;
        Operations.Record("other", new OperationRecord(1, DateTimeOffset.UnixEpoch, "base", new OperationResult(true, null, "Done.", "mkdir elsewhere", "", [])));
        await panel.InvokeAsync(() => { });
        Assert.Equal(reads, counting.HistoryReads);

        await _test.Context.DisposeComponentsAsync();
        Assert.Equal(0, Operations.HistoryListeners);
    }

    /// <summary>Runs through the fake, but holds every ExecuteAsync until a gate opens; can record runs in the history like the real one.</summary>
    private sealed class GatedOperations(FakeLabOperations inner) : ILabOperations
    {
        public Task Gate { get; set; } = Task.CompletedTask;

        public bool RecordRuns { get; set; }

        public async Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
        {
            await Gate;
            OperationResult result = await inner.ExecuteAsync(labId, namespaceName, command, cancellationToken);
            if (RecordRuns)
            {
                inner.Record(labId, new OperationRecord(inner.Records.Count + 1, DateTimeOffset.UtcNow, namespaceName, result));
            }

            return result;
        }

        public Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            ExecuteAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

        // Not recorded in the fake's calls: the preview asks while the tests type, and these tests count runs and listings.
        public Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default) =>
            Task.FromResult(inner.NextPrediction);

        public Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            Task.FromResult(inner.NextPrediction);

        public Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default) =>
            inner.ListFilesAsync(labId, namespaceName, path, maxDepth, maxEntries, cancellationToken);

        public event EventHandler<LabHistoryEvent>? HistoryChanged
        {
            add => inner.HistoryChanged += value;
            remove => inner.HistoryChanged -= value;
        }

        public int HistoryReads { get; private set; }

        public IReadOnlyList<OperationRecord> History(string labId)
        {
            HistoryReads++;
            return inner.History(labId);
        }
    }

    /// <summary>
    /// A bUnit context with strict JS interop (only the graph module's import set up) and the
    /// fake engine and sources, the operations behind a <see cref="GatedOperations"/>.
    /// </summary>
    private sealed class PanelTest : IAsyncDisposable
    {
        public PanelTest()
        {
            Operations = new GatedOperations(Backend.Operations);
            Context.Services.AddSingleton<ILabEngine>(Backend.Engine);
            Context.Services.AddSingleton<ILabOperations>(Operations);
            Context.Services.AddSingleton<Core.Sources.IMountSources>(Backend.Sources);
            Context.JSInterop.Mode = JSRuntimeMode.Strict;
            Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            Module = Context.JSInterop.SetupModule("./js/graph.js");
        }

        public BunitContext Context { get; } = new();

        public FakeBackend Backend { get; } = new();

        public GatedOperations Operations { get; }

        public BunitJSModuleInterop Module { get; }

        public async Task<LabInfo> CreateLabAsync(MountTable table)
        {
            LabInfo lab = await Backend.Engine.CreateLabAsync();
            foreach (LabNamespaceInfo ns in lab.Namespaces)
            {
                Backend.Sources.Add(new Core.Sources.SourceInfo(ns.SourceId, "lab", ns.Name, ns.Inode, [ns.Pid], ns.LabId) { RepresentativePid = ns.Pid }, table);
            }

            return lab;
        }

        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }
}
