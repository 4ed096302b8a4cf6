using Microsoft.AspNetCore.Mvc;
using MountViz.Core.Json;
using MountViz.Core.Labs;
using MountViz.Core.Sources;

namespace MountViz.Web.Api;

/// <summary><c>/api/sources</c>: every mount namespace MountViz can show, and its mount table.</summary>
internal static class SourcesEndpoints
{
    /// <summary>Maps the endpoints on the <c>/api</c> group.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        RouteGroupBuilder sources = api.MapGroup("/sources").WithTags("Sources");

        sources.MapGet("/", List)
            .WithName("ListSources")
            .WithSummary("Lists every mount namespace: the host's (read-only) first, then lab namespaces.")
            .Produces<IReadOnlyList<SourceDto>>();

        sources.MapGet("/{id}/mounts", GetMountsAsync)
            .WithName("GetSourceMounts")
            .WithSummary("Reads one namespace's mount table now.")
            .WithDescription("For a lab namespace the mounts are those of its workspace with lab paths (/ is the workspace root) unless scope=all, which gives every mount it has with its own paths. For a host namespace scope is ignored.")
            .Produces<MountTableDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
    }

    private static IReadOnlyList<SourceDto> List([FromServices] IMountSources sources) =>
        [.. sources.List().Select(SourceDto.From)];

    private static async Task<IResult> GetMountsAsync(
        string id,
        [FromQuery] string? scope,
        [FromServices] IMountSources sources,
        [FromServices] ILabEngine labs,
        CancellationToken cancellationToken)
    {
        LabMountScope mountScope;
        switch (scope)
        {
            case null or "" or "workspace":
                mountScope = LabMountScope.Workspace;
                break;
            case "all":
                mountScope = LabMountScope.All;
                break;
            default:
                return ApiProblems.BadRequest($"scope must be 'workspace' (the default: a lab namespace's workspace, with lab paths) or 'all' (every mount, with the namespace's own paths), not '{scope}'.");
        }

        if (labs.FindSource(id) is LabNamespaceInfo ns)
        {
            return TypedResults.Ok(MountTableDto.From(labs.ReadMounts(ns.LabId, ns.Name).For(mountScope)));
        }

        if (sources.Find(id) is null)
        {
            return ApiProblems.NotFound($"There is no source '{id}'. GET /api/sources lists them (host.INODE for a host namespace, lab.LABID.NAME for a lab namespace).");
        }

        // The snapshot of a subscription is a fresh read; the subscription ends at once.
        MountSubscription subscription;
        try
        {
            subscription = sources.Subscribe(id, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // A namespace that cannot be read (kept alive only by an nsfs bind mount: no process to read it through).
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Source cannot be read");
        }

        await using (subscription.ConfigureAwait(false))
        {
            return TypedResults.Ok(MountTableDto.From(subscription.Snapshot));
        }
    }
}
