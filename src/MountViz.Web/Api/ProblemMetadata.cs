namespace MountViz.Web.Api;

/// <summary>Documents the problem-details answers an endpoint can give, in one call.</summary>
internal static class ProblemMetadata
{
    /// <summary>Adds an <c>application/problem+json</c> response for each of <paramref name="statusCodes"/>.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (int statusCode in statusCodes)
        {
            builder.ProducesProblem(statusCode);
        }

        return builder;
    }
}
