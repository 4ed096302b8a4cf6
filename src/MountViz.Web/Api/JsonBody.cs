using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MountViz.Web.Api;

/// <summary>
/// Reads a request's JSON body with the API's settings and turns every way it can be wrong
/// (none, not JSON, wrong types, unknown fields) into a 400 that says what is wrong, instead of
/// the framework's bare 400.
/// </summary>
internal static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, string example)
        where T : class
    {
        // JSON only: a cross-site form cannot send it without a CORS preflight, which fails here.
        if (!context.Request.HasJsonContentType())
        {
            string shown = string.IsNullOrEmpty(context.Request.ContentType) ? "none" : context.Request.ContentType;
            return (null, TypedResults.Problem(
                $"The body must be JSON with Content-Type: application/json (this request's Content-Type: {shown}). With curl: -H 'Content-Type: application/json' -d '{example}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "JSON body required"));
        }

        JsonSerializerOptions options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.BadRequest($"The request body is not the JSON this call takes: {e.Message} Send a JSON object such as {example}."));
        }

        return value is null
            ? (null, ApiProblems.BadRequest($"The request body is null; send a JSON object such as {example}."))
            : (value, null);
    }
}
