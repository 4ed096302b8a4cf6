using System.Text;
using System.Text.Json;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>Reading answers.</summary>
internal static class Answers
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The problem's detail, after checking the content type says it is one.</summary>
    public static async Task<string> ProblemDetailAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.JsonAsync(cancellationToken);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, CancellationToken cancellationToken) =>
        client.PostAsync(path, Json(json), cancellationToken);
}
