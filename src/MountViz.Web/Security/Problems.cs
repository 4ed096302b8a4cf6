using Microsoft.AspNetCore.Mvc;

namespace MountViz.Web.Security;

/// <summary>Writes RFC 9457 problem details (<c>application/problem+json</c>) outside of endpoints.</summary>
internal static class Problems
{
    /// <summary>Writes a problem with <paramref name="status"/>, a short title and a detail that says what to do.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach ((string key, object? value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return Results.Problem(problem).ExecuteAsync(context);
    }
}
