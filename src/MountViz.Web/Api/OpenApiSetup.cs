using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MountViz.Web.Api;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>.</summary>
internal static class OpenApiSetup
{
    /// <summary>The name of the security scheme in the document.</summary>
    public const string SecuritySchemeName = "AccessToken";

    /// <summary>The document's path.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Registers the document with MountViz's title, description and the bearer-token scheme.</summary>
    public static IServiceCollection AddMountVizOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MountViz API";
            document.Info.Description =
                "Linux mounts, mount namespaces and propagation: read the host's namespaces, and run mount operations in sandbox labs on the real kernel. " +
                "Every /api call needs the access token that `mountviz serve` prints at start: send it as `Authorization: Bearer TOKEN`. " +
                "Live changes: the SignalR hub at /hubs/mounts, method Watch(sourceId), a stream of {kind: \"snapshot\"} then {kind: \"changes\"} messages.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The token `mountviz serve` prints at start (in the URL to open), or the one given with --token or MOUNTVIZ_TOKEN.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
            return Task.CompletedTask;
        }));
}
