namespace MountViz.E2E.Tests.Support;

/// <summary>
/// The article's propagation script (seed-guide.md §3) in a lab namespace: its directories, then
/// step 1 (<c>mount --bind source1 target1</c>) and step 2 (<c>mount --bind source2 target1/target2</c>).
/// </summary>
internal static class ArticleScript
{
    /// <summary>The scratch tree: <c>source1/{source1,target2/target2}</c>, <c>source2/mounted</c>, <c>target1/target1</c>.</summary>
    public const string Directories = "mkdir -p source1/source1 source1/target2/target2 source2/mounted target1/target1";

    /// <summary>Step 1 by clicking: the bind button, source1, target1, Run.</summary>
    public static async Task StepOneAsync(DashboardUi ui, string sourceId) =>
        await DashboardUi.AssertOkAsync(await ui.ClickOperationAsync(sourceId, "bind", ("source", "source1"), ("target", "target1")), "bind source1 → target1");

    /// <summary>Step 2 by clicking: the bind button, source2, target1/target2, Run.</summary>
    public static async Task StepTwoAsync(DashboardUi ui, string sourceId) =>
        await DashboardUi.AssertOkAsync(await ui.ClickOperationAsync(sourceId, "bind", ("source", "source2"), ("target", "target1/target2")), "bind source2 → target1/target2");

    /// <summary>Makes the directories (typed) and runs steps 1 and 2 (clicked) in <paramref name="sourceId"/>.</summary>
    public static async Task RunStepTwoAsync(DashboardUi ui, string sourceId)
    {
        await ui.RunOkAsync(sourceId, Directories);
        await StepOneAsync(ui, sourceId);
        await StepTwoAsync(ui, sourceId);
    }
}
