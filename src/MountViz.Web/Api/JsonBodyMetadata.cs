using Microsoft.OpenApi;

namespace MountViz.Web.Api;

/// <summary>
/// Documents a JSON request body that the handler reads itself (<see cref="JsonBody"/>).
/// <c>Accepts&lt;T&gt;()</c> would also make routing answer other content types with a bare
/// 415; reading it ourselves answers with what to send instead.
/// </summary>
internal static class JsonBodyMetadata
{
    /// <summary>Adds a required <c>application/json</c> body of <typeparamref name="T"/> to the endpoint's OpenAPI operation.</summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken).ConfigureAwait(false) },
                },
            };
        });
}
