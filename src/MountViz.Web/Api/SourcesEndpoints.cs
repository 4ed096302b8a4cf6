using Microsoft.AspNetCore.Mvc;
using MountViz.Core.Json;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;
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
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone);

        sources.MapGet("/{id}/why", WhyAsync)
            .WithName("WhyNot")
            .WithSummary("Why not? Whether a mount made at a path in this namespace shows up at a path in another (or the same) one, through which peer groups and master links, or which rule stops it and the smallest propagation change that would make it reach.")
            .WithDescription("from: the path a mount is made at, in this namespace; to: the path it should show up at, in toSource (default: this namespace). Within one lab the paths are lab paths and namespaces are named by their lab names; otherwise every host namespace's whole table is used (with the named lab namespaces' whole tables), paths are each namespace's own and namespaces are named by source ID. Answered by simulating a tmpfs mount at from, and each candidate fix by simulating it again: nothing is mounted.")
            .Produces<WhyNotDto>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone);
    }

    private static async Task<IResult> WhyAsync(
        string id,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? toSource,
        [FromServices] IMountSources sources,
        [FromServices] ILabEngine labs,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to) || !from.StartsWith('/') || !to.StartsWith('/'))
        {
            return ApiProblems.BadRequest($"from and to are required absolute paths: ?from=/var/lib/kubelet/pods&to=/var/lib/kubelet/pods[&toSource=ID] (got from={from}, to={to}).");
        }

        string targetId = string.IsNullOrEmpty(toSource) ? id : toSource;
        foreach (string source in (string[])[id, targetId])
        {
            if (labs.FindSource(source) is null && sources.Find(source) is null)
            {
                return ApiProblems.NotFound($"There is no source '{source}'. GET /api/sources lists them (host.INODE for a host namespace, lab.LABID.NAME for a lab namespace).");
            }
        }

        // Within one lab: workspace tables with lab paths, namespaces by name.
        if (labs.FindSource(id) is LabNamespaceInfo fromLab && labs.FindSource(targetId) is LabNamespaceInfo toLab && fromLab.LabId == toLab.LabId)
        {
            LabInfo lab = labs.FindLab(fromLab.LabId) ?? throw new LabException(LabErrorKind.NotFound, $"Lab {fromLab.LabId} is gone.");
            var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal);
            foreach (LabNamespaceInfo ns in lab.Namespaces.Where(n => n.HolderAlive || n.Name == fromLab.Name || n.Name == toLab.Name))
            {
                tables[ns.Name] = labs.ReadMounts(lab.Id, ns.Name).Workspace;
            }

            return TypedResults.Ok(WhyNotDto.From(WhyNot.Explain(tables, fromLab.Name, from, toLab.Name, to), fromLab.Name, toLab.Name));
        }

        // Otherwise every host namespace (peers and masters may be anywhere) and the lab namespaces asked about, whole tables by source ID.
        var whole = new Dictionary<string, MountTable>(StringComparer.Ordinal);
        foreach (string source in sources.List().Where(s => s.Kind == "host").Select(s => s.Id).Union([id, targetId]))
        {
            if (labs.FindSource(source) is LabNamespaceInfo ns)
            {
                whole[source] = labs.ReadMounts(ns.LabId, ns.Name).All;
                continue;
            }

            try
            {
                MountSubscription subscription = sources.Subscribe(source, cancellationToken);
                await using (subscription.ConfigureAwait(false))
                {
                    whole[source] = subscription.Snapshot;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
            {
                if (source == id || source == targetId)
                {
                    return TypedResults.Problem($"Namespace {source} cannot be read: {e.Message}", statusCode: StatusCodes.Status409Conflict, title: "Source cannot be read");
                }

                // A namespace that vanished or cannot be read only drops out of the possible chains.
            }
        }

        return TypedResults.Ok(WhyNotDto.From(WhyNot.Explain(whole, id, from, targetId, to), id, targetId));
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
