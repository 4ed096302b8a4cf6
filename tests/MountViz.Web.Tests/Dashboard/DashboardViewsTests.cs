using System.Collections.Immutable;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>
/// The dashboard's views with strict JS interop: graph toolbar (search, zoom, exports),
/// legend, inspector relations across namespaces, the directory view and the inspector's
/// directory. Every module call a test causes is set up in it and asserted.
/// </summary>
public sealed class DashboardViewsTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly DashboardTestContext _test = new();

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private FakeMountSources Sources => _test.Backend.Sources;

    [Fact]
    public async Task Toolbar_controls_are_disabled_until_a_namespace_is_drawn_then_zoom_fit_and_relayout_reach_the_module()
    {
        _test.Graph.SetupVoid("zoom", 1.25).SetVoidResult();
        _test.Graph.SetupVoid("zoom", 0.8).SetVoidResult();
        _test.Graph.SetupVoid("layout").SetVoidResult();
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        Assert.True(page.Find("[data-action=export-png]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-action=search]").HasAttribute("disabled"));

        await Tick(page, FakeBackend.HostSourceId, true);
        await page.Find("[data-action=zoom-in]").ClickAsync(new MouseEventArgs());
        await page.Find("[data-action=zoom-out]").ClickAsync(new MouseEventArgs());
        await page.Find("[data-action=fit]").ClickAsync(new MouseEventArgs());
        await page.Find("[data-action=relayout]").ClickAsync(new MouseEventArgs());

        Assert.Equal([1.25, 0.8], _test.Graph.Invocations["zoom"].Select(i => (double)i.Arguments[0]!));
        _test.Graph.VerifyInvoke("fit");
        _test.Graph.VerifyInvoke("layout");
    }

    [Fact]
    public async Task Png_and_svg_are_saved_by_the_module_in_the_browser()
    {
        _test.Graph.SetupVoid("downloadPng", "mountviz-graph.png", 3.0).SetVoidResult();
        _test.Graph.SetupVoid("downloadSvg", "mountviz-graph.svg").SetVoidResult();
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);

        await page.Find("[data-action=export-png]").ClickAsync(new MouseEventArgs());
        Assert.Contains("mountviz-graph.png", page.Find(".tb-status").TextContent, StringComparison.Ordinal);
        await page.Find("[data-action=export-svg]").ClickAsync(new MouseEventArgs());

        _test.Graph.VerifyInvoke("downloadPng");
        _test.Graph.VerifyInvoke("downloadSvg");
        Assert.Contains("mountviz-graph.svg", page.Find(".tb-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_export_says_what_to_do()
    {
        _test.Graph.SetupVoid("downloadPng", _ => true).SetException(new Microsoft.JSInterop.JSException("canvas too large"));
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);

        await page.Find("[data-action=export-png]").ClickAsync(new MouseEventArgs());

        IElement status = page.Find(".tb-status.is-error");
        Assert.Equal("alert", status.GetAttribute("role"));
        Assert.Contains("canvas too large", status.TextContent, StringComparison.Ordinal);
        Assert.Contains("try again", status.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_of_each_namespace_is_built_in_dotnet_then_copied_or_downloaded()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);
        await Tick(page, DashboardTestContext.NginxSourceId, true);
        _test.Module.SetupVoid("downloadText", _ => true).SetVoidResult();
        _test.Context.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetVoidResult();

        await page.Find("[data-action=export-markdown]").ClickAsync(new MouseEventArgs());
        Assert.Equal("true", page.Find("[data-action=export-markdown]").GetAttribute("aria-expanded"));
        IElement[] rows = [.. page.FindAll(".tb-menu-row")];
        Assert.Equal([FakeBackend.HostSourceId, DashboardTestContext.NginxSourceId], rows.Select(r => r.GetAttribute("data-source")));

        await page.Find($".tb-menu-row[data-source='{DashboardTestContext.NginxSourceId}'] [data-action=markdown-download]").ClickAsync(new MouseEventArgs());
        var download = _test.Module.VerifyInvoke("downloadText");
        Assert.Equal($"mountviz-{DashboardTestContext.NginxSourceId}.md", download.Arguments[0]);
        Assert.Equal("text/markdown", download.Arguments[1]);
        string markdown = (string)download.Arguments[2]!;
        Assert.StartsWith("**host · nginx · mnt:\\[4026532500\\]**\n\n| ID | parent | mount point |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 3 | 1 | /mnt | / | tmpfs | tmpfs | rw | shared:3 master:1 |", markdown, StringComparison.Ordinal);

        await page.Find($".tb-menu-row[data-source='{FakeBackend.HostSourceId}'] [data-action=markdown-copy]").ClickAsync(new MouseEventArgs());
        string copied = (string)_test.Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]!;
        Assert.StartsWith("**host · systemd", copied, StringComparison.Ordinal);
        Assert.Contains("Copied the mount table", page.Find(".tb-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_highlights_and_Enter_selects_the_matches_in_turn_for_the_inspector()
    {
        string mnt = GraphIds.Mount(FakeBackend.HostSourceId, 3);
        string mntA = GraphIds.Mount(FakeBackend.HostSourceId, 4);
        _test.Graph.Setup<int>("search", "mnt").SetResult(2);
        _test.Graph.Setup<string[]>("find", "mnt").SetResult([mnt, mntA]);
        _test.Graph.Setup<bool>("select", _ => true).SetResult(true);
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);

        await page.Find("[data-action=search]").InputAsync(new ChangeEventArgs { Value = "mnt" });
        Assert.Equal("2 matches", page.Find(".tb-count").TextContent);

        await page.Find("[data-action=search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("1 of 2", page.Find(".tb-count").TextContent);
        Assert.Equal("/mnt", page.Find(".insp-mountpoint").TextContent);

        await page.Find("[data-action=search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("/mnt/a", page.Find(".insp-mountpoint").TextContent);
        await page.Find("[data-action=search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });
        Assert.Equal("/mnt", page.Find(".insp-mountpoint").TextContent);

        Assert.Equal([mnt, mntA, mnt], _test.Graph.Invocations["select"].Select(i => (string)i.Arguments[0]!));
    }

    [Fact]
    public async Task The_legend_lists_the_groups_drawn_with_their_colours_and_hides_on_toggle()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        Assert.Empty(page.FindAll(".graph-legend"));
        await Tick(page, FakeBackend.HostSourceId, true);

        IElement[] groups = [.. page.FindAll(".legend-groups li[data-group]")];
        Assert.Equal(["1", "2", "3"], groups.Select(g => g.GetAttribute("data-group")));
        Assert.Equal("shared:3", groups[2].QuerySelector("code")!.TextContent);
        Assert.Equal("1 mount · 1 slave", groups[2].QuerySelector(".muted")!.TextContent);
        GraphPeerGroupDto color = Assert.Single(_test.Updates[0].Groups, g => g.Group == 3);
        Assert.Contains(color.Color, groups[2].QuerySelector(".legend-swatch")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("unbindable", page.Find(".legend-shapes").TextContent, StringComparison.Ordinal);

        await page.Find("[data-action=legend]").ClickAsync(new MouseEventArgs());
        Assert.Empty(page.FindAll(".graph-legend"));
        Assert.Equal("false", page.Find("[data-action=legend]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task The_inspector_lists_peers_slaves_and_masters_in_every_namespace_and_selects_them()
    {
        _test.Graph.Setup<bool>("select", _ => true).SetResult(true);
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);
        await Tick(page, DashboardTestContext.NginxSourceId, true);

        // /mnt is shared:3 master:1: its peer /mnt in the other namespace, its slave /mnt/a in
        // both, and the members of group 1 (/) in both as its master group.
        await SelectNode(page, GraphIds.Mount(FakeBackend.HostSourceId, 3));

        IElement[] blocks = [.. page.FindAll(".dash-inspector .rel-block")];
        Assert.Equal(["Peers (shared:3)", "Master group (shared:1)", "Slaves (master:3)"], blocks.Select(b => b.QuerySelector(".rel-title")!.FirstChild!.TextContent.Trim()));
        Assert.Equal([GraphIds.Mount(DashboardTestContext.NginxSourceId, 3)], blocks[0].QuerySelectorAll(".rel-link").Select(l => l.GetAttribute("data-node")));
        Assert.Equal(
            [GraphIds.Mount(FakeBackend.HostSourceId, 1), GraphIds.Mount(DashboardTestContext.NginxSourceId, 1)],
            blocks[1].QuerySelectorAll(".rel-link").Select(l => l.GetAttribute("data-node")));
        Assert.Equal(
            ["host · systemd · mnt:[4026531841]", "host · nginx · mnt:[4026532500]"],
            blocks[2].QuerySelectorAll(".rel-ns").Select(n => n.TextContent));

        await blocks[0].QuerySelector(".rel-link")!.ClickAsync(new MouseEventArgs());

        Assert.Equal(GraphIds.Mount(DashboardTestContext.NginxSourceId, 3), _test.Graph.VerifyInvoke("select").Arguments[0]);
        Assert.Contains("in host · nginx", page.Find(".insp-title").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_mount_offers_the_nsenter_line_instead_of_listing_files()
    {
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, FakeBackend.HostSourceId, true);

        await SelectNode(page, GraphIds.Mount(FakeBackend.HostSourceId, 3));

        Assert.Contains("host namespaces are read-only", page.Find(".dash-inspector").TextContent, StringComparison.Ordinal);
        Assert.Equal("nsenter -t 1 -m ls -la /mnt", page.Find(".insp-nsenter code").TextContent);
        Assert.DoesNotContain(_test.Backend.Operations.Calls, c => c.StartsWith("ListFiles", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lab_mount_shows_the_directory_it_shows()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        _test.Backend.Operations.Files = Tree("/mnt", Dir("a", mount: true), File("notes"));
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, lab.Namespaces[0].SourceId, true);

        await SelectNode(page, GraphIds.Mount(lab.Namespaces[0].SourceId, 3));

        Assert.Equal([$"ListFiles {lab.Id} base /mnt depth=1 entries=60"], _test.Backend.Operations.Calls);
        IElement[] lines = [.. page.FindAll(".dash-inspector .dir-line")];
        Assert.Equal(["/mnt", "├── a/mount", "└── notes"], lines.Select(l => l.TextContent));
        Assert.Contains("is-mount", lines[1].ClassList);
    }

    [Fact]
    public async Task The_files_view_lists_each_lab_namespace_side_by_side_and_lists_again_after_changes()
    {
        var operations = new PerNamespaceFiles();
        await using var test = new DashboardTestContext(operations.Register);
        operations.Inner = test.Backend.Operations;
        LabInfo lab = await test.CreateLabAsync(SampleMountinfo.Table());
        LabNamespaceInfo clone = await test.Backend.Engine.CreateNamespaceAsync(lab.Id, "clone", "base", Core.Operations.NamespacePropagation.Private);
        test.AddLabSource(clone, SampleMountinfo.Table());
        IRenderedComponent<DashboardPage> page = test.Context.Render<DashboardPage>();
        await Tick(page, lab.Namespaces[0].SourceId, true);
        await Tick(page, clone.SourceId, true);
        await Tick(page, DashboardTestContext.NginxSourceId, true);

        // The isolation experiment: /a lists hello in base, nothing in the clone.
        operations.Set("base", Tree("/a", File("hello")));
        operations.Set("clone", Tree("/a"));
        await page.Find("[data-action=files]").ClickAsync(new MouseEventArgs());
        await page.Find("#dir-path").ChangeAsync(new ChangeEventArgs { Value = "a" });
        await page.Find(".dir-form").SubmitAsync();

        IElement[] columns = [.. page.FindAll(".dir-column")];
        Assert.Equal([lab.Namespaces[0].SourceId, clone.SourceId], columns.Select(c => c.GetAttribute("data-source")));
        Assert.Equal(["/a", "└── hello"], columns[0].QuerySelectorAll(".dir-line").Select(l => l.TextContent));
        Assert.Contains("Empty: nothing is visible under /a", columns[1].TextContent, StringComparison.Ordinal);

        // A mount change in the lab: listed again.
        int before = test.Backend.Operations.Calls.Count;
        operations.Set("clone", Tree("/a", File("later")));
        test.Backend.Sources.Push(clone.SourceId, new MountChange(MountChangeKind.Added, DashboardTestContext.Mount("40 1 0:50 / /a rw - tmpfs tmpfs rw"), null));
        page.WaitForAssertion(() => Assert.Equal(["/a", "└── later"], page.FindAll(".dir-column")[1].QuerySelectorAll(".dir-line").Select(l => l.TextContent)), Wait);
        Assert.True(test.Backend.Operations.Calls.Count >= before + 2);
        Assert.Contains($"ListFiles {lab.Id} clone /a depth={DirectoryView.MaxDepth} entries={DirectoryView.MaxEntries}", test.Backend.Operations.Calls);
    }

    [Fact]
    public async Task The_files_view_says_what_to_do_without_a_lab_namespace_and_shows_why_a_path_fails()
    {
        LabInfo lab = await _test.CreateLabAsync(SampleMountinfo.Table());
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await page.Find("[data-action=files]").ClickAsync(new MouseEventArgs());
        Assert.Contains("Tick a lab namespace", page.Find(".dir-view").TextContent, StringComparison.Ordinal);

        _test.Backend.Operations.Failure = new LabException(LabErrorKind.NotFound, "No such directory /nope in namespace base.");
        await Tick(page, lab.Namespaces[0].SourceId, true);

        Assert.Contains("No such directory /nope", page.Find(".dir-column .dir-error").TextContent, StringComparison.Ordinal);
    }

    private static FileTree Tree(string path, params FileEntry[] children) =>
        new(path, new FileEntry(path, "directory", false, [.. children]), false);

    private static FileEntry Dir(string name, bool mount = false, params FileEntry[] children) =>
        new(name, "directory", mount, [.. children]);

    private static FileEntry File(string name) => new(name, "file", false, []);

    private static Task Tick(IRenderedComponent<DashboardPage> page, string sourceId, bool selected) =>
        page.Find($"input[id='sel-{sourceId}']").ChangeAsync(new ChangeEventArgs { Value = selected });

    private static Task SelectNode(IRenderedComponent<DashboardPage> page, string nodeId) =>
        page.InvokeAsync(() => page.FindComponent<MountGraph>().Instance.OnNodeSelected.InvokeAsync(nodeId));

    /// <summary>
    /// The fake operations with a listing per namespace name: a proxy in front of them (whatever
    /// else ILabOperations holds goes to the fake), registered after it, so it wins.
    /// </summary>
    private sealed class PerNamespaceFiles
    {
        private readonly Dictionary<string, FileTree> _trees = [];

        public FakeLabOperations? Inner { get; set; }

        public void Register(IServiceCollection services) =>
            services.AddSingleton(_ =>
            {
                ILabOperations proxy = System.Reflection.DispatchProxy.Create<ILabOperations, FilesProxy>();
                ((FilesProxy)proxy).Configure(Inner!, _trees);
                return proxy;
            });

        public void Set(string name, FileTree tree) => _trees[name] = tree;
    }

    /// <summary>Answers ListFilesAsync from a per-namespace map (recording the call as the fake does); forwards the rest.</summary>
    public class FilesProxy : System.Reflection.DispatchProxy
    {
        private FakeLabOperations? _inner;
        private Dictionary<string, FileTree>? _trees;

        internal void Configure(FakeLabOperations inner, Dictionary<string, FileTree> trees)
        {
            _inner = inner;
            _trees = trees;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(ILabOperations.ListFilesAsync) && args is [string labId, string name, string path, int depth, int entries, ..])
            {
                _inner!.Calls.Add($"ListFiles {labId} {name} {path} depth={depth} entries={entries}");
                return _trees!.TryGetValue(name, out FileTree? tree) ? Task.FromResult(tree) : Task.FromResult(_inner.Files);
            }

            return targetMethod.Invoke(_inner, args);
        }
    }
}
