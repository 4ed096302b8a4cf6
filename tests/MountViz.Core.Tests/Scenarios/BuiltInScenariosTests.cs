using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class BuiltInScenariosTests
{
    public static TheoryData<string> Names => [.. BuiltInScenarios.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_built_in_scenario_loads_without_errors(string name)
    {
        string text = Assert.IsType<string>(BuiltInScenarios.Text(name));

        ScenarioLoadResult result = ScenarioLoader.Load(text, name);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Scenario.Title);
        Assert.NotEmpty(result.Scenario.Introduction);
        Assert.All(result.Scenario.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Narrative), $"step {s.Number} of {name} has no narrative"));
    }

    [Fact]
    public void The_summary_is_the_introductions_first_paragraph_on_one_line()
    {
        Scenario scenario = ScenarioLoader.Load("title: T\nintroduction: |\n  One `a`\n  two.\n\n  Second paragraph.\nsteps:\n  - run: mkdir /a\n", "t").Scenario!;

        Assert.Equal("One `a` two.", scenario.Summary);
        Assert.Equal("", ScenarioLoader.Load("title: T\nsteps:\n  - run: mkdir /a\n", "t").Scenario!.Summary);
        Assert.All(BuiltInScenarios.All(), s => Assert.Matches("^[^\n]+$", s.Summary));
        Assert.StartsWith("The article's script shows propagation with bind mounts only.", BuiltInScenarios.Load("propagation-script")!.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_six_scenarios_of_the_issue_ship()
    {
        Assert.Equal(["propagation-script", "propagation-matrix", "isolation", "pivot-root", "file-sharing", "propagation-changes"], BuiltInScenarios.Names.ToArray());
        Assert.Null(BuiltInScenarios.Load("nope"));
    }

    [Fact]
    public void The_matrix_fills_all_nine_cells_each_in_its_own_namespace()
    {
        Scenario matrix = BuiltInScenarios.Load("propagation-matrix")!;

        ScenarioTable table = Assert.IsType<ScenarioTable>(matrix.Table);
        Assert.Equal(["shared", "private", "slave"], table.Rows.ToArray());
        Assert.Equal(["shared", "private", "slave"], table.Columns.ToArray());
        var cells = matrix.Steps.Select(s => s.Cell).OfType<TableCell>().ToList();
        Assert.Equal(9, cells.Distinct().Count());
        Assert.Equal(9, matrix.Steps.Select(s => s.Namespace).Distinct().Count());
        Assert.DoesNotContain("base", matrix.Steps.Select(s => s.Namespace));

        // The article's answer: only shared/shared and shared(/home_a)/slave(/home) propagate.
        foreach (ScenarioStep step in matrix.Steps)
        {
            bool expected = step.Cell is { Row: "shared", Column: "shared" or "slave" };
            Expectation first = step.Expectations[0];
            Assert.Equal(expected, first is MountExpectation { Path: "/home/a/.m2" });
            Assert.Equal(!expected, first is NoMountExpectation { Path: "/home/a/.m2" });
        }
    }

    [Fact]
    public void The_pivot_root_scenario_copies_busybox_and_breaks_each_precondition()
    {
        Scenario pivot = BuiltInScenarios.Load("pivot-root")!;

        Assert.Equal(3, pivot.Setup.Count(a => a.Copy is { From: "/bin/busybox" }));
        Assert.Equal(
            ["EINVAL", "ENOTDIR", "ENOTDIR", "EINVAL", "EBUSY", "EINVAL"],
            pivot.Steps.SelectMany(s => s.Expectations).OfType<ErrnoExpectation>().Select(e => e.Errno).ToArray());
    }
}
