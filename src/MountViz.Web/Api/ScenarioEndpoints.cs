using System.Text;
using Microsoft.AspNetCore.Mvc;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;

namespace MountViz.Web.Api;

/// <summary>
/// <c>/api/scenarios</c>, the built-in guided experiments, and <c>/api/labs/{id}/scenario</c>,
/// a lab's operation history saved as a scenario file that <c>mountviz scenario run FILE</c>
/// replays in a fresh lab.
/// </summary>
internal static class ScenarioEndpoints
{
    /// <summary>The media type of a scenario file.</summary>
    public const string YamlMediaType = "application/yaml";

    /// <summary>Maps the endpoints on the <c>/api</c> group.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/scenarios", List)
            .WithTags("Scenarios")
            .WithName("ListScenarios")
            .WithSummary("Lists the built-in scenarios (guided experiments): name, title and summary, in the article's order.")
            .WithDescription("Run one with `mountviz scenario run NAME` (as root), or open it on the Experiments page.")
            .Produces<IReadOnlyList<ScenarioSummaryDto>>();

        api.MapGet("/labs/{id}/scenario", Record)
            .WithTags("Scenarios")
            .WithName("RecordLabScenario")
            .WithSummary("Downloads a lab's operation history as a scenario file (YAML) that replays it in a fresh lab.")
            .WithDescription("One step per operation, in its namespace, with the command as the lab ran it; a refusal becomes a step that expects the same errno. Namespaces created through the API rather than a command come first, in the lab's order. Replaying the file (`mountviz scenario run lab-ID.yaml`) gives the same mount tables up to mount IDs and group numbers. title (optional) sets the scenario's title. A lab without any operation yet is a 409.")
            .Produces<string>(StatusCodes.Status200OK, YamlMediaType)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static IReadOnlyList<ScenarioSummaryDto> List() =>
        [.. BuiltInScenarios.All().Select(ScenarioSummaryDto.From)];

    private static IResult Record(string id, [FromQuery] string? title, [FromServices] ILabEngine engine, [FromServices] ILabOperations operations)
    {
        if (engine.FindLab(id) is not LabInfo lab)
        {
            return ApiProblems.NotFound($"There is no lab '{id}'. GET /api/labs lists the labs; POST /api/labs creates one.");
        }

        IReadOnlyList<OperationRecord> history = operations.History(id);
        string yaml;
        try
        {
            yaml = ScenarioRecorder.ToYaml(lab, history, string.IsNullOrWhiteSpace(title) ? null : title);
        }
        catch (ArgumentException e) when (e.ParamName == "history")
        {
            return TypedResults.Problem(
                $"Lab {id} has no operation in its history to record: run a command first (POST /api/labs/{id}/commands), then download its scenario.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to record");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(yaml), YamlMediaType, $"lab-{lab.Id}.yaml");
    }
}
