using System.Net;
using System.Text.Json;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Api;

public class OpenApiTests
{
    [Fact]
    public async Task The_document_is_served_without_a_token_and_lists_every_endpoint_with_a_summary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using RunningServer server = await new FakeBackend().StartAsync(timeout.Token);
        using HttpClient anonymous = server.NewClient();

        using HttpResponseMessage response = await anonymous.GetAsync("/openapi/v1.json", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement document = await response.JsonAsync(timeout.Token);
        Assert.Equal("MountViz API", document.GetProperty("info").GetProperty("title").GetString());
        JsonElement paths = document.GetProperty("paths");
        (string Path, string Method)[] expected =
        [
            ("/api/sources", "get"),
            ("/api/sources/{id}/mounts", "get"),
            ("/api/sources/{id}/why", "get"),
            ("/api/labs", "get"),
            ("/api/labs", "post"),
            ("/api/labs/{id}", "get"),
            ("/api/labs/{id}", "delete"),
            ("/api/labs/{id}/namespaces", "post"),
            ("/api/labs/{id}/namespaces/{name}", "delete"),
            ("/api/labs/{id}/commands", "post"),
            ("/api/labs/{id}/predict", "post"),
            ("/api/scenarios", "get"),
            ("/api/labs/{id}/scenario", "get"),
            ("/api/labs/{id}/namespaces/{name}/files", "get"),
            ("/api/labs/{id}/history", "get"),
        ];
        foreach ((string path, string method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out JsonElement item), $"{path} is missing");
            Assert.True(item.TryGetProperty(method, out JsonElement operation), $"{method} {path} is missing");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }

        Assert.Equal(expected.Select(e => e.Path).Distinct().Order(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        JsonElement commandBody = paths.GetProperty("/api/labs/{id}/commands").GetProperty("post").GetProperty("requestBody");
        Assert.True(commandBody.GetProperty("required").GetBoolean());
        Assert.True(commandBody.GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AccessToken").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("AccessToken", out _));
    }
}
