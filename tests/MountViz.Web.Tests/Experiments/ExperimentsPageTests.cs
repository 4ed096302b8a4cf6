using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Scenarios;
using MountViz.Web.Components.Experiments;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.Dashboard;

namespace MountViz.Web.Tests.Experiments;

/// <summary>
/// /experiments with strict JS interop over the fake engine, operations, sources and scenario
/// access: the real <see cref="ScenarioRunner"/> runs on them, one step per Next.
/// </summary>
public sealed class ExperimentsPageTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    // Two steps: the first finds its shared mount at /a, the second expects a mount at /b that the table lacks.
    private const string TwoSteps = """
        title: A two-step test
        introduction: |
          First, a tmpfs at `/a`. Then nothing at /b.
        setup:
          - run: mkdir -p /a /b
        steps:
          - title: Mount a tmpfs at /a
            run: mount -t tmpfs a /a
            narrative: The **shared** mount appears.
            expect:
              - mount: /a
                propagation: shared
          - title: Expect a mount at /b
            run: mkdir -p /b/c
            narrative: Nothing is mounted at /b, so this fails on purpose.
            expect:
              - mount: /b
        """;

    private static readonly MountTable LabTable = FakeBackend.Table(
        "24 1 0:22 / /run/mountviz/workspace rw - tmpfs ws rw\n" +
        "25 24 0:23 / /run/mountviz/workspace/a rw shared:5 - tmpfs a rw\n");

    private readonly FakeScenarioLabAccess _access = new();
    private readonly DashboardTestContext _test;

    public ExperimentsPageTests()
    {
        _test = new DashboardTestContext(services => services.AddSingleton<IScenarioLabAccess>(_access));
        _test.Backend.Engine.Tables["base"] = LabTable;
        _test.Backend.Operations.NextResult = new OperationResult(true, null, "done", "mount -t tmpfs a /a", "mount(\"a\", \"/a\", \"tmpfs\", 0, NULL)", []);

        // A lab the runner creates becomes a subscribable source, as the real MountSources does.
        _test.Backend.Engine.Changed += (_, e) =>
        {
            if (e.Kind == LabEventKind.LabCreated && _test.Backend.Engine.FindLab(e.LabId) is LabInfo lab)
            {
                _test.AddLabSource(lab.Namespaces[0], LabTable);
            }
        };
    }

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    private IRenderedComponent<ExperimentsPage> Open(string path = "/experiments")
    {
        _test.Context.Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        return _test.Context.Render<ExperimentsPage>(p => p.Add(x => x.Name, path.StartsWith("/experiments/", StringComparison.Ordinal) ? path["/experiments/".Length..] : null));
    }

    private static IRenderedComponent<ExperimentsPage> Paste(IRenderedComponent<ExperimentsPage> page, string yaml)
    {
        page.Find("#exp-load-text").Change(yaml);
        page.Find(".exp-load-actions button").Click();
        return page;
    }

    private List<string> EngineCalls => _test.Backend.Engine.Calls;

    [Fact]
    public void Lists_every_built_in_scenario_with_its_title_first_sentence_and_link()
    {
        IRenderedComponent<ExperimentsPage> page = Open();

        IReadOnlyList<IElement> cards = page.FindAll(".exp-card");
        Assert.Equal(BuiltInScenarios.Names, cards.Select(c => c.GetAttribute("data-scenario")));
        Scenario script = BuiltInScenarios.Load("propagation-script")!;
        IElement first = cards[0];
        Assert.Equal(script.Title, first.QuerySelector("h3")!.TextContent);
        Assert.Equal("experiments/propagation-script", first.QuerySelector("h3 a")!.GetAttribute("href"));
        string sentence = first.QuerySelector(".exp-card-text")!.TextContent.Trim();
        Assert.EndsWith(".", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", sentence, StringComparison.Ordinal);
        Assert.Empty(EngineCalls);
    }

    [Fact]
    public void A_malformed_file_lists_its_errors_with_line_and_column_and_nothing_runs()
    {
        IRenderedComponent<ExperimentsPage> page = Paste(Open(), "title: Broken\nsteps:\n  - run: mount --frobnicate /a\n    colour: blue\n");

        IElement errors = page.Find(".exp-load-errors");
        Assert.Equal("alert", errors.GetAttribute("role"));
        Assert.Contains("nothing ran", errors.TextContent, StringComparison.Ordinal);
        List<IElement> items = errors.QuerySelectorAll("li").ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Matches(@"^line \d+, column \d+: .+", i.TextContent));
        Assert.Contains(items, i => i.TextContent.StartsWith("line 4, column 5", StringComparison.Ordinal));
        Assert.Empty(EngineCalls);
        Assert.Empty(_test.Backend.Operations.Calls);
        Assert.Empty(page.FindAll(".exp-run"));
    }

    [Fact]
    public void An_unknown_name_says_so_over_the_list()
    {
        IRenderedComponent<ExperimentsPage> page = Open("/experiments/no-such-thing");

        Assert.Contains("no built-in scenario named 'no-such-thing'", page.Find(".dash-status.is-error").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll(".exp-card"));
        Assert.Empty(EngineCalls);
    }

    [Fact]
    public async Task Steps_run_one_per_next_previous_shows_the_record_and_leaving_deletes_the_lab()
    {
        IRenderedComponent<ExperimentsPage> page = Paste(Open(), TwoSteps);

        // Opening ran the setup in a fresh lab, and nothing more.
        page.WaitForAssertion(() => Assert.Equal("0", page.Find(".exp-step").GetAttribute("data-step")), Wait);
        string labId = Assert.Single(_test.Backend.Engine.ListLabs()).Id;
        Assert.Equal(["CreateLab"], EngineCalls);
        Assert.Equal([$"Execute {labId} base: mkdir -p /a /b"], _test.Backend.Operations.Calls);
        Assert.Contains(labId, page.Find(".exp-lab").TextContent, StringComparison.Ordinal);
        Assert.Contains("First, a tmpfs at", page.Find(".exp-step .exp-narrative").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Run step 1 →", page.Find(".exp-controls .btn-primary").TextContent);

        // The graph draws the lab's base namespace.
        page.WaitForAssertion(() => Assert.Contains(_test.Updates, u => u.Namespaces.Any(n => n.SourceId == LabSourceId.Format(labId, "base"))), Wait);

        // Next: step 1 runs, and passes.
        page.Find(".exp-controls .btn-primary").Click();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find(".exp-step").GetAttribute("data-step")), Wait);
        Assert.Equal(2, _test.Backend.Operations.Calls.Count);
        Assert.Equal($"Execute {labId} base: mount -t tmpfs a /a", _test.Backend.Operations.Calls[1]);
        IElement step1 = page.Find(".exp-step");
        Assert.Contains("is-passed", step1.ClassList);
        Assert.Equal("<p>The <strong>shared</strong> mount appears.</p>", step1.QuerySelector(".exp-narrative")!.InnerHtml.Trim());
        IElement row = Assert.Single(step1.QuerySelectorAll(".exp-expectations tbody tr"));
        Assert.Contains("✓ pass", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("a mount at /a in base, shared", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("mount(\"a\", \"/a\", \"tmpfs\", 0, NULL)", step1.QuerySelector(".exp-commands")!.TextContent, StringComparison.Ordinal);

        // Previous: the setup's record; the kernel is not rewound, and nothing ran.
        page.Find(".exp-controls .btn:first-child").Click();
        Assert.Equal("0", page.Find(".exp-step").GetAttribute("data-step"));
        Assert.Contains("The kernel is not rewound", page.Find(".exp-rewind-note").TextContent, StringComparison.Ordinal);
        Assert.Equal("Next →", page.Find(".exp-controls .btn-primary").TextContent);
        page.Find(".exp-controls .btn-primary").Click();
        Assert.Equal("1", page.Find(".exp-step").GetAttribute("data-step"));
        Assert.Empty(page.FindAll(".exp-rewind-note"));
        Assert.Equal(2, _test.Backend.Operations.Calls.Count);

        // Run all: step 2 runs and fails on purpose; the run is over, the lab is kept for the graph.
        page.Find(".exp-controls .btn:nth-child(3)").Click();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find(".exp-step").GetAttribute("data-step")), Wait);
        IElement step2 = page.Find(".exp-step");
        Assert.Contains("is-failed", step2.ClassList);
        IElement failed = Assert.Single(step2.QuerySelectorAll(".exp-expectations tbody tr"));
        Assert.Contains("✗ fail", failed.TextContent, StringComparison.Ordinal);
        Assert.Contains("a mount at /b in base", failed.TextContent, StringComparison.Ordinal);
        Assert.Contains("finished", page.Find(".exp-progress").TextContent, StringComparison.Ordinal);
        Assert.Contains("1 failed", page.Find(".exp-progress").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find(".exp-controls .btn-primary").HasAttribute("disabled"));
        Assert.True(page.Find(".exp-controls .btn:nth-child(3)").HasAttribute("disabled"));
        Assert.Equal(["passed", "passed", "failed"], page.FindAll(".exp-step-pill").Select(p => p.ClassList.Single(c => c.StartsWith("is-", StringComparison.Ordinal))[3..]));
        Assert.DoesNotContain(EngineCalls, c => c.StartsWith("DeleteLab", StringComparison.Ordinal));

        // The script of the whole run, with the system calls as comments, and a copy button.
        string script = page.Find(".exp-script-text").TextContent;
        Assert.Contains("# Step 1: Mount a tmpfs at /a", script, StringComparison.Ordinal);
        Assert.Contains("#   mount(\"a\", \"/a\", \"tmpfs\", 0, NULL)", script, StringComparison.Ordinal);
        Assert.Contains("The whole scenario", page.Find(".exp-script-head").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find(".exp-script-head .btn-copy"));

        // Leaving the page: the feed ends and the lab is deleted.
        await _test.Context.DisposeComponentsAsync();
        Assert.Equal($"DeleteLab {labId}", EngineCalls[^1]);
        Assert.Empty(_test.Backend.Engine.ListLabs());
        Assert.Equal(0, _test.Backend.Sources.ActiveSubscriptions);
    }

    [Fact]
    public async Task Leaving_before_the_end_deletes_the_lab_and_runs_nothing_more()
    {
        IRenderedComponent<ExperimentsPage> page = Paste(Open(), TwoSteps);
        page.WaitForAssertion(() => Assert.Equal("0", page.Find(".exp-step").GetAttribute("data-step")), Wait);
        string labId = Assert.Single(_test.Backend.Engine.ListLabs()).Id;

        await _test.Context.DisposeComponentsAsync();

        Assert.Equal(["CreateLab", $"DeleteLab {labId}"], EngineCalls);
        Assert.Single(_test.Backend.Operations.Calls);
    }

    [Fact]
    public void A_lab_that_cannot_be_created_is_an_error_with_the_reason_and_no_step_runs()
    {
        _test.Backend.Engine.Failure = new LabException(LabErrorKind.LimitReached, "There are already 16 labs; delete one.");

        IRenderedComponent<ExperimentsPage> page = Paste(Open(), TwoSteps);

        page.WaitForAssertion(() => Assert.Contains("There are already 16 labs", page.Find(".exp-run-error").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(page.Find(".exp-controls .btn-primary").HasAttribute("disabled"));
        Assert.Empty(_test.Backend.Operations.Calls);
    }

    [Fact]
    public void The_matrix_scenario_shows_its_table_with_every_cell_not_run_and_explained()
    {
        IRenderedComponent<ExperimentsPage> page = Open("/experiments/propagation-matrix");

        IElement matrix = page.Find(".exp-matrix");
        Assert.Equal("Does a mount at /home_a/.m2 appear at /home/a/.m2?", matrix.QuerySelector("h2")!.TextContent);
        List<IElement> cells = matrix.QuerySelectorAll("td.exp-cell").ToList();
        Assert.Equal(9, cells.Count);
        Assert.Equal("shared-shared", cells[0].GetAttribute("data-cell"));
        Assert.All(cells, c => Assert.NotEmpty(c.QuerySelector(".exp-cell-why")!.TextContent.Trim()));
    }

    [Fact]
    public void Markdown_keeps_raw_html_as_text_and_drops_script_links()
    {
        string html = ScenarioMarkdown.ToHtml("<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org/a) [rel](docs/a.md)").Value;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/a\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"docs/a.md\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("One. Two.", "One.")]
    [InlineData("A line\nwrapped. Then more.\n\nNext paragraph.", "A line wrapped.")]
    [InlineData("No stop at all", "No stop at all")]
    public void The_list_shows_the_first_sentence_of_the_introduction(string introduction, string expected) =>
        Assert.Equal(expected, ScenarioSummary.FirstSentence(introduction));
}
