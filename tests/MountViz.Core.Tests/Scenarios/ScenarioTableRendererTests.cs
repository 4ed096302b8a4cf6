using System.Collections.Immutable;
using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class ScenarioTableRendererTests
{
    private static readonly ScenarioTable Table = new("Q?", "/home_a", "/home", ["shared", "private"], ["shared"]);

    private static StepResult Cell(int number, string row, bool expectPresent, bool observed)
    {
        Expectation expectation = expectPresent ? new MountExpectation("/m", null, null, null) : new NoMountExpectation("/m");
        var step = new ScenarioStep(number, row, "base", ["mkdir /m"], "", [expectation], null, new TableCell(row, "shared"));
        var result = new ExpectationResult(expectation, expectPresent == observed, "e", "o") { MountObserved = observed };
        return new StepResult("lab", ScenarioPhase.Step, step, [], [result], [], [], null);
    }

    [Fact]
    public void Cells_show_what_was_observed_and_what_was_expected_when_it_differs()
    {
        string text = ScenarioTableRenderer.Render(Table, [Cell(1, "shared", true, true), Cell(2, "private", true, false)]);

        Assert.Contains("| shared | ✅ |", text, StringComparison.Ordinal);
        Assert.Contains("| private | ❌ (expected ✅) |", text, StringComparison.Ordinal);
        Assert.StartsWith("Q?\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_not_run_is_a_question_mark()
    {
        string text = ScenarioTableRenderer.Render(Table, ImmutableArray.Create(Cell(1, "shared", false, false)));

        Assert.Contains("| shared | ❌ |", text, StringComparison.Ordinal);
        Assert.Contains("| private | ? |", text, StringComparison.Ordinal);
    }
}
