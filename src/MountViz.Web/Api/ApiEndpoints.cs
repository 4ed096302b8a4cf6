using MountViz.Web.Security;

namespace MountViz.Web.Api;

/// <summary>The REST API under <c>/api</c>: every call needs the access token.</summary>
internal static class ApiEndpoints
{
    /// <summary>Maps <c>/api/sources</c> and <c>/api/labs</c>.</summary>
    public static IEndpointRouteBuilder MapMountVizApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder api = endpoints.MapGroup(AccessDefaults.ApiPath)
            .RequireAuthorization()
            .AddEndpointFilter<LabErrorFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        SourcesEndpoints.Map(api);
        LabsEndpoints.Map(api);
        ScenarioEndpoints.Map(api);
        return endpoints;
    }
}
