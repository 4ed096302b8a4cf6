using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>"Why not?" in the inspector, answered by the real <see cref="WhyNot"/> from the tables the dashboard holds.</summary>
public sealed class WhyNotPanelTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly DashboardTestContext _test = new();

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    // base: the workspace shared:1 with a bind at /target1 (its peer); c1: a slave copy (master:1).
    private const string BaseAll = """
        20 1 8:1 / / rw master:5 - ext4 /dev/sda1 rw
        60 20 0:40 / /run/mountviz/workspace rw shared:1 - tmpfs mountviz-lab rw
        61 60 0:40 /source1 /run/mountviz/workspace/target1 rw shared:1 - tmpfs mountviz-lab rw

        """;

    private const string C1All = """
        30 29 8:1 / / rw master:5 - ext4 /dev/sda1 rw
        70 30 0:40 / /run/mountviz/workspace rw master:1 - tmpfs mountviz-lab rw
        71 70 0:40 /source1 /run/mountviz/workspace/target1 rw master:1 - tmpfs mountviz-lab rw

        """;

    private static MountTable Workspace(string all) => WorkspaceView.Rewrite(FakeBackend.Table(all), FakeLabEngine.Workspace);

    private async Task<(LabInfo Lab, NamespaceTable Base, NamespaceTable C1)> LabAsync()
    {
        LabInfo lab = await _test.Backend.Engine.CreateLabAsync();
        LabNamespaceInfo c1 = await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Slave);
        return (lab,
            new NamespaceTable(lab.Namespaces[0].SourceId, SourcesPanel.LabLabel(lab.Namespaces[0]), Workspace(BaseAll)),
            new NamespaceTable(c1.SourceId, SourcesPanel.LabLabel(c1), Workspace(C1All)));
    }

    private IRenderedComponent<WhyNotPanel> Render(NamespaceTable from, string mountPoint, params NamespaceTable[] drawn) =>
        _test.Context.Render<WhyNotPanel>(p => p
            .Add(x => x.SourceId, from.SourceId)
            .Add(x => x.Mount, from.Table.Mounts.Single(m => m.MountPoint == mountPoint))
            .Add(x => x.Namespaces, drawn));

    [Fact]
    public async Task A_mount_on_a_shared_bind_reaches_the_slave_namespace_and_the_chain_says_how()
    {
        (_, NamespaceTable @base, NamespaceTable c1) = await LabAsync();
        IRenderedComponent<WhyNotPanel> panel = Render(@base, "/target1", @base, c1);

        // Prefilled: the other namespace, the same mount point.
        Assert.Equal(c1.SourceId, panel.Find("select[name=whynot-ns]").GetAttribute("value"));
        Assert.Equal("/target1", panel.Find("input[name=whynot-path]").GetAttribute("value"));
        await panel.Find("form.whynot-form").SubmitAsync();

        WhyNotAnswer expected = WhyNot.Explain(new Dictionary<string, MountTable> { ["base"] = @base.Table, ["c1"] = c1.Table }, "base", "/target1", "c1", "/target1");
        Assert.True(expected.Supported && expected.Reaches, expected.Summary);
        panel.WaitForAssertion(() => Assert.Equal("true", panel.Find(".whynot-answer").GetAttribute("data-reaches")), Wait);
        Assert.Contains($"It appears at {expected.Arrival} in c1.", panel.Find(".whynot-summary").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            expected.Chain.Select(h => $"{h.Namespace} {h.MountPoint} {h.Tags} {h.Text}"),
            panel.FindAll(".whynot-chain li").Select(li => string.Join(' ', li.Children.Select(c => c.TextContent))));
        Assert.Contains("c1", panel.FindAll(".whynot-chain li")[^1].TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll(".whynot-stop"));
    }

    [Fact]
    public async Task From_the_slave_back_it_names_the_rule_that_stops_it_and_the_smallest_fix()
    {
        (_, NamespaceTable @base, NamespaceTable c1) = await LabAsync();
        IRenderedComponent<WhyNotPanel> panel = Render(c1, "/target1", @base, c1);
        Assert.Equal(@base.SourceId, panel.Find("select[name=whynot-ns]").GetAttribute("value"));

        await panel.Find("form.whynot-form").SubmitAsync();

        WhyNotAnswer expected = WhyNot.Explain(new Dictionary<string, MountTable> { ["base"] = @base.Table, ["c1"] = c1.Table }, "c1", "/target1", "base", "/target1");
        Assert.True(expected.Supported && !expected.Reaches, expected.Summary);
        panel.WaitForAssertion(() => Assert.Equal("false", panel.Find(".whynot-answer").GetAttribute("data-reaches")), Wait);
        IElement stop = panel.Find(".whynot-stop");
        Assert.Contains(expected.StoppedBy!, stop.TextContent, StringComparison.Ordinal);
        Assert.Contains("slaves receive mount events but never send them", stop.TextContent, StringComparison.Ordinal);
        Assert.Equal(expected.StoppedRule, panel.Find(".whynot-rule").TextContent);
        Assert.NotEmpty(expected.Fixes);
        Assert.StartsWith(expected.Fixes[0].Text, panel.FindAll(".whynot-fixes li")[0].TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_dashboard_the_inspector_asks_with_the_tables_of_the_namespaces_drawn()
    {
        (LabInfo lab, NamespaceTable @base, NamespaceTable c1) = await LabAsync();
        LabInfo now = _test.Backend.Engine.FindLab(lab.Id)!;
        _test.AddLabSource(now.Namespaces[0], @base.Table);
        _test.AddLabSource(now.Namespaces[1], c1.Table);
        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await page.Find($"input[id='sel-{@base.SourceId}']").ChangeAsync(new ChangeEventArgs { Value = true });
        await page.Find($"input[id='sel-{c1.SourceId}']").ChangeAsync(new ChangeEventArgs { Value = true });

        await page.InvokeAsync(() => page.FindComponent<MountGraph>().Instance.OnNodeSelected.InvokeAsync(GraphIds.Mount(@base.SourceId, 61)));
        IElement panel = page.Find(".dash-inspector [data-testid=why-not]");
        Assert.Equal([@base.SourceId, c1.SourceId], panel.QuerySelectorAll("select[name=whynot-ns] option").Select(o => o.GetAttribute("value")));
        await page.Find(".dash-inspector form.whynot-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find(".dash-inspector .whynot-answer").GetAttribute("data-reaches")), Wait);
        Assert.Contains("It appears at /target1 in c1.", page.Find(".dash-inspector .whynot-summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_path_and_a_bad_one_are_asked_as_typed()
    {
        (_, NamespaceTable @base, NamespaceTable c1) = await LabAsync();
        IRenderedComponent<WhyNotPanel> panel = Render(@base, "/target1", @base, c1);

        await panel.Find("select[name=whynot-ns]").ChangeAsync(new ChangeEventArgs { Value = @base.SourceId });
        await panel.Find("input[name=whynot-path]").InputAsync(new ChangeEventArgs { Value = "relative/path" });
        await panel.Find("form.whynot-form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.Equal("unsupported", panel.Find(".whynot-answer").GetAttribute("data-reaches")), Wait);
        Assert.Contains("Both paths must be absolute", panel.Find(".whynot-summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_namespaces_of_the_same_kind_are_offered_and_selecting_another_mount_starts_again()
    {
        (_, NamespaceTable @base, NamespaceTable c1) = await LabAsync();
        var host = new NamespaceTable(DashboardTestContext.NginxSourceId, "host · nginx", FakeBackend.Table("21 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"));
        IRenderedComponent<WhyNotPanel> panel = Render(@base, "/target1", @base, host, c1);

        Assert.Equal([@base.SourceId, c1.SourceId], panel.FindAll("select[name=whynot-ns] option").Select(o => o.GetAttribute("value")));
        await panel.Find("form.whynot-form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll(".whynot-answer")), Wait);

        panel.Render(p => p.Add(x => x.Mount, @base.Table.Mounts.Single(m => m.MountPoint == "/")));
        Assert.Empty(panel.FindAll(".whynot-answer"));
        Assert.Equal("/", panel.Find("input[name=whynot-path]").GetAttribute("value"));

        IRenderedComponent<WhyNotPanel> hostPanel = Render(host, "/", @base, host, c1);
        Assert.Equal([host.SourceId], hostPanel.FindAll("select[name=whynot-ns] option").Select(o => o.GetAttribute("value")));
    }
}
