using MountViz.Core.Scenarios;

namespace MountViz.Web.Api;

/// <summary>One built-in scenario in <c>GET /api/scenarios</c>.</summary>
/// <param name="Name">The name <c>mountviz scenario run NAME</c> takes (<c>propagation-matrix</c>).</param>
/// <param name="Title">One line.</param>
/// <param name="Summary">The introduction's first paragraph on one line (Markdown).</param>
public sealed record ScenarioSummaryDto(string Name, string Title, string Summary)
{
    /// <summary>Maps a scenario.</summary>
    public static ScenarioSummaryDto From(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new(scenario.Name, scenario.Title, scenario.Summary);
    }
}
