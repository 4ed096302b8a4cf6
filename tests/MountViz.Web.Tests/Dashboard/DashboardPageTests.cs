using System.Collections.Immutable;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

public sealed class DashboardPageTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly DashboardTestContext _test = new();

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private FakeMountSources Sources => _test.Backend.Sources;

    [Fact]
    public void Lists_host_namespaces_with_their_processes_and_says_how_to_make_a_lab()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        IElement[] hosts = [.. page.FindAll(".dash-sources .ns-item")];
        Assert.Equal(["systemd", "nginx"], hosts.Select(h => h.QuerySelector(".ns-name")!.TextContent));
        Assert.Equal("/usr/sbin/nginx -g daemon off;", hosts[1].QuerySelector("label")!.GetAttribute("title"));
        Assert.Contains("mnt:[4026532500] · 2 processes", hosts[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("nginx, php-fpm:", hosts[1].QuerySelector(".ns-procs")!.TextContent);
        Assert.Contains("No lab yet: Create lab", page.Find(".dash-sources").TextContent, StringComparison.Ordinal);
        Assert.Contains("No lab yet", page.Find(".dash-command").TextContent, StringComparison.Ordinal);
        Assert.Contains("Select a namespace", page.Find(".dash-empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#cmd-line"));
    }

    [Fact]
    public async Task Lists_labs_with_their_namespaces_holder_pids_and_nsenter_lines()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        LabNamespaceInfo clone = await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "a", "base", NamespacePropagation.Slave);

        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        IElement card = page.Find(".lab-card");
        Assert.Contains(lab.Id, card.QuerySelector(".lab-title")!.TextContent, StringComparison.Ordinal);
        IElement[] namespaces = [.. card.QuerySelectorAll(".ns-item")];
        Assert.Equal(["base", "a"], namespaces.Select(n => n.QuerySelector(".ns-name")!.TextContent));
        Assert.Equal(
            [$"nsenter -t {lab.Namespaces[0].Pid} -m", $"nsenter -t {clone.Pid} -m"],
            namespaces.Select(n => n.QuerySelector(".nsenter code")!.TextContent));
        Assert.Contains($"PID {clone.Pid}", namespaces[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("from base, slave", namespaces[1].TextContent, StringComparison.Ordinal);
        Assert.Equal($"lab {lab.Id} · base", page.Find("#cmd-ns option").TextContent);
    }

    [Fact]
    public async Task Copy_writes_the_nsenter_line_to_the_clipboard()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        string line = lab.Namespaces[0].NsenterCommand;
        _test.Context.JSInterop.SetupVoid("navigator.clipboard.writeText", line).SetVoidResult();
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find(".btn-copy").ClickAsync(new MouseEventArgs());

        _test.Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal("Copied", page.Find(".btn-copy").TextContent);
    }

    [Fact]
    public async Task Selecting_a_namespace_subscribes_and_draws_its_snapshot()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await Tick(page, DashboardTestContext.NginxSourceId, true);

        Assert.Equal(1, Sources.ActiveSubscriptions);
        GraphBatchDto load = Assert.Single(_test.Updates);
        GraphNamespaceDto ns = Assert.Single(load.Namespaces);
        Assert.Equal(DashboardTestContext.NginxSourceId, ns.SourceId);
        Assert.Equal("host · nginx · mnt:[4026532500]", ns.Label);
        Assert.Equal(SampleMountinfo.Table().Mounts.Length, ns.Mounts!.Count);
        Assert.Equal(["host · nginx · mnt:[4026532500]"], page.FindAll(".dash-graph-bar .ns-chip").Select(c => c.TextContent));
        Assert.Empty(page.FindAll(".dash-empty"));
    }

    [Fact]
    public async Task A_batch_pushed_by_the_source_reaches_the_graph_module()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, DashboardTestContext.NginxSourceId, true);

        Core.Mountinfo.MountInfo added = DashboardTestContext.Mount("40 3 0:50 / /mnt/new rw shared:3 - tmpfs tmpfs rw");
        Assert.Equal(1, Sources.Push(DashboardTestContext.NginxSourceId, new MountChange(MountChangeKind.Added, added, null)));

        page.WaitForAssertion(() => Assert.Equal(2, _test.Updates.Count), Wait);
        GraphChangeDto change = Assert.Single(_test.Updates[1].Changes);
        Assert.Equal("added", change.Kind);
        Assert.Equal(GraphIds.Mount(DashboardTestContext.NginxSourceId, 40), change.Node.Id);
        Assert.Equal(GraphIds.Mount(DashboardTestContext.NginxSourceId, 3), change.Node.Parent);
    }

    [Fact]
    public async Task Two_namespaces_are_drawn_side_by_side_and_unticking_one_ends_its_subscription()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, DashboardTestContext.NginxSourceId, true);
        await Tick(page, FakeBackend.HostSourceId, true);
        Assert.Equal(2, Sources.ActiveSubscriptions);

        await Tick(page, DashboardTestContext.NginxSourceId, false);

        Assert.Equal(1, Sources.ActiveSubscriptions);
        Assert.Equal([GraphIds.Namespace(DashboardTestContext.NginxSourceId)], _test.Updates[^1].RemovedNamespaces);
        Assert.Equal(0, Sources.Push(DashboardTestContext.NginxSourceId, new MountChange(MountChangeKind.Removed, SampleMountinfo.Table().Mounts[1], null)));
        Assert.Single(page.FindAll(".dash-graph-bar .ns-chip"));
    }

    [Fact]
    public async Task Disposing_the_page_ends_every_subscription_and_the_graph()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, DashboardTestContext.NginxSourceId, true);
        await Tick(page, FakeBackend.HostSourceId, true);
        Assert.Equal(2, Sources.ActiveSubscriptions);

        await _test.Context.DisposeComponentsAsync();

        Assert.Equal(0, Sources.ActiveSubscriptions);
        _test.Graph.VerifyInvoke("dispose", calledTimes: 1);
    }

    [Fact]
    public async Task A_namespace_whose_stream_ends_is_removed_from_the_graph_with_a_notice()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, DashboardTestContext.NginxSourceId, true);

        Sources.Complete(DashboardTestContext.NginxSourceId);

        page.WaitForAssertion(() => Assert.Equal([GraphIds.Namespace(DashboardTestContext.NginxSourceId)], _test.Updates[^1].RemovedNamespaces), Wait);
        Assert.Equal(0, Sources.ActiveSubscriptions);
        page.WaitForAssertion(() => Assert.Contains("its namespace ended", page.Find(".dash-status").TextContent, StringComparison.Ordinal), Wait);
        Assert.False(page.Find($"input[id='sel-{DashboardTestContext.NginxSourceId}']").HasAttribute("checked"));
    }

    [Fact]
    public async Task A_command_runs_in_the_chosen_namespace_and_its_result_renders()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        LabNamespaceInfo clone = await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "a", "base", NamespacePropagation.Shared);
        Core.Mountinfo.MountInfo added = DashboardTestContext.Mount("41 3 0:50 /source1 /target1 rw shared:3 - tmpfs tmpfs rw");
        _test.Backend.Operations.NextResult = new OperationResult(
            true,
            null,
            "Done. Changes: base: 1 added; a: 1 added.",
            "mount --bind source1 target1",
            "mount(\"/source1\", \"/target1\", NULL, MS_BIND, NULL)",
            [new NamespaceChange("base", new MountChange(MountChangeKind.Added, added, null)), new NamespaceChange("a", new MountChange(MountChangeKind.Added, added with { Id = 42 }, null))]);
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find("#cmd-ns").ChangeAsync(new ChangeEventArgs { Value = clone.SourceId });
        await page.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --bind source1 target1" });
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal([$"Execute {lab.Id} a: mount --bind source1 target1"], _test.Backend.Operations.Calls);
        IElement result = page.Find(".op-result");
        Assert.Equal("ok", result.QuerySelector(".op-badge")!.TextContent);
        Assert.Equal(["mount --bind source1 target1", "mount(\"/source1\", \"/target1\", NULL, MS_BIND, NULL)"], result.QuerySelectorAll(".op-calls code").Select(c => c.TextContent));
        Assert.Equal(["base+/target1", "a+/target1"], result.QuerySelectorAll(".op-changes li").Select(l => string.Concat(l.TextContent.Where(c => !char.IsWhiteSpace(c)))));
        Assert.Equal("", page.Find("#cmd-line").GetAttribute("value"));
        // The lab's namespaces are re-read so a propagation change shows without waiting.
        Assert.Equal([lab.Namespaces[0].SourceId, clone.SourceId], Sources.Refreshed);
    }

    [Fact]
    public async Task A_refusal_shows_the_errno_its_cause_and_the_calls()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        _test.Backend.Operations.NextResult = new OperationResult(
            false,
            "EINVAL",
            "EINVAL (Invalid argument): the kernel refused the bind.",
            "mount --bind /data x",
            "mount(\"/data\", \"/x\", NULL, MS_BIND, NULL)",
            []) { Cause = "the bind source is unbindable" };
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mount --bind /data x" });
        await page.Find("button.btn-primary:not(.btn-small)").ClickAsync(new MouseEventArgs());

        IElement result = page.Find(".op-result.is-failed");
        Assert.Equal("EINVAL", result.QuerySelector(".op-badge")!.TextContent);
        Assert.Contains("the kernel refused the bind", result.QuerySelector(".op-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Cause: the bind source is unbindable", result.QuerySelector(".op-cause")!.TextContent);
        Assert.Contains("No mount changed", result.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_does_not_parse_is_shown_as_not_run_with_the_reason()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        _test.Backend.Operations.Failure = new LabException(LabErrorKind.InvalidRequest, "The command was not understood: unknown command 'mont'.");
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = "mont --bind a b" });
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        IElement alert = page.Find(".cmd-output [role=alert]");
        Assert.Contains("not run", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("unknown command 'mont'", alert.QuerySelector(".op-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_and_Down_walk_the_command_history()
    {
        await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        foreach (string line in (string[])["mkdir a", "mkdir b"])
        {
            await page.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = line });
            await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        }

        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowUp" });
        Assert.Equal("mkdir b", page.Find("#cmd-line").GetAttribute("value"));
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowUp" });
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowUp" });
        Assert.Equal("mkdir a", page.Find("#cmd-line").GetAttribute("value"));
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("mkdir b", page.Find("#cmd-line").GetAttribute("value"));
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("", page.Find("#cmd-line").GetAttribute("value"));
    }

    [Fact]
    public async Task Selecting_a_node_shows_its_eleven_fields_the_raw_line_and_its_propagation()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        Assert.Contains("Select a mount in the graph", page.Find(".dash-inspector").TextContent, StringComparison.Ordinal);
        await Tick(page, DashboardTestContext.NginxSourceId, true);

        await SelectNode(page, GraphIds.Mount(DashboardTestContext.NginxSourceId, 3));

        IElement inspector = page.Find(".dash-inspector");
        Assert.Equal("/mnt", inspector.QuerySelector(".insp-mountpoint")!.TextContent);
        IElement[] fields = [.. inspector.QuerySelectorAll(".insp-field")];
        Assert.Equal(Enumerable.Range(1, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), fields.Select(f => f.GetAttribute("data-field")));
        Assert.Equal(
            ["3", "1", "0:20", "/", "/mnt", "rw", "shared:3 master:1", "-", "tmpfs", "tmpfs", "rw"],
            fields.Select(f => f.QuerySelector(".insp-value")!.TextContent));
        Assert.All(fields, f => Assert.NotEmpty(f.QuerySelector(".insp-meaning")!.TextContent));
        Assert.Equal("3 1 0:20 / /mnt rw shared:3 master:1 - tmpfs tmpfs rw", inspector.QuerySelector(".insp-line")!.TextContent);
        Assert.Equal("shared+slave", inspector.QuerySelector(".prop-word")!.TextContent);
        Assert.Contains("receives events from peer group 1", inspector.QuerySelector(".insp-words")!.TextContent, StringComparison.Ordinal);

        // The mount goes away: the inspector says so instead of showing stale fields.
        Sources.Push(DashboardTestContext.NginxSourceId, new MountChange(MountChangeKind.Removed, SampleMountinfo.Table().Find(3)!, null));
        page.WaitForAssertion(() => Assert.Contains("no longer in", page.Find(".dash-inspector").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task Create_delete_and_clone_call_the_engine()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find(".src-section-head .btn-primary").ClickAsync(new MouseEventArgs());
        LabInfo lab = Assert.Single(_test.Backend.Engine.ListLabs());
        Assert.Contains($"Lab {lab.Id} created", page.Find(".dash-status").TextContent, StringComparison.Ordinal);

        await page.Find(".clone-form input").InputAsync(new ChangeEventArgs { Value = "a" });
        await page.FindAll(".clone-form select")[1].ChangeAsync(new ChangeEventArgs { Value = nameof(NamespacePropagation.Slave) });
        await page.Find(".clone-form form").SubmitAsync();
        Assert.Equal(["base", "a"], page.FindAll(".lab-card .ns-name").Select(n => n.TextContent));

        _test.AddLabSource(lab.Namespaces[0], SampleMountinfo.Table());
        await Tick(page, lab.Namespaces[0].SourceId, true);
        await page.Find(".lab-head .btn-danger").ClickAsync(new MouseEventArgs());

        Assert.Equal(["CreateLab", $"CreateNamespace {lab.Id} a from=base propagation=slave", $"DeleteLab {lab.Id}"], _test.Backend.Engine.Calls);
        Assert.Equal(0, Sources.ActiveSubscriptions);
        Assert.Contains("No lab yet", page.Find(".dash-sources").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_lab_action_shows_the_engine_message()
    {
        _test.Backend.Engine.Failure = new LabException(LabErrorKind.LimitReached, "There are already 8 labs, the most allowed. Delete one first.");
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        await page.Find(".src-section-head .btn-primary").ClickAsync(new MouseEventArgs());

        IElement status = page.Find(".dash-status.is-error");
        Assert.Equal("alert", status.GetAttribute("role"));
        Assert.Contains("Delete one first", status.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lab_created_elsewhere_appears_without_a_reload()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();

        // As through the REST API: the engine raises Changed on its own thread.
        LabInfo lab = await Task.Run(() => _test.Backend.Engine.CreateLabAsync());

        page.WaitForAssertion(() => Assert.Contains(lab.Id, page.Find(".lab-card .lab-title").TextContent, StringComparison.Ordinal), Wait);
    }

    private static Task Tick(IRenderedComponent<DashboardPage> page, string sourceId, bool selected) =>
        page.Find($"input[id='sel-{sourceId}']").ChangeAsync(new ChangeEventArgs { Value = selected });

    private static Task SelectNode(IRenderedComponent<DashboardPage> page, string nodeId) =>
        page.InvokeAsync(() => page.FindComponent<MountGraph>().Instance.OnNodeSelected.InvokeAsync(nodeId));
}
