using MountViz.Core.Labs;

namespace MountViz.Web.Api;

/// <summary>The API's error answers: problem details whose detail says what is wrong and what to do.</summary>
internal static class ApiProblems
{
    /// <summary>400: the request is malformed.</summary>
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", extensions: extensions);

    /// <summary>404: no such lab, namespace or source.</summary>
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The status a <see cref="LabErrorKind"/> maps to.</summary>
    public static int StatusOf(LabErrorKind kind) => kind switch
    {
        LabErrorKind.NotFound => StatusCodes.Status404NotFound,
        LabErrorKind.Conflict => StatusCodes.Status409Conflict,
        LabErrorKind.LimitReached => StatusCodes.Status409Conflict,
        LabErrorKind.InvalidRequest => StatusCodes.Status400BadRequest,
        LabErrorKind.HolderLost => StatusCodes.Status410Gone,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A lab failure as problem details, with its kind as <c>errorKind</c>.</summary>
    public static IResult From(LabException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string title = exception.Kind switch
        {
            LabErrorKind.NotFound => "Not found",
            LabErrorKind.Conflict => "Conflict",
            LabErrorKind.LimitReached => "Limit reached",
            LabErrorKind.InvalidRequest => "Malformed request",
            LabErrorKind.HolderLost => "Namespace holder has ended",
            _ => "The kernel refused",
        };
        return TypedResults.Problem(
            exception.Message,
            statusCode: StatusOf(exception.Kind),
            title: title,
            extensions: new Dictionary<string, object?> { ["errorKind"] = ErrorKindName(exception.Kind) });
    }

    private static string ErrorKindName(LabErrorKind kind) => kind switch
    {
        LabErrorKind.NotFound => "notFound",
        LabErrorKind.Conflict => "conflict",
        LabErrorKind.LimitReached => "limitReached",
        LabErrorKind.InvalidRequest => "invalidRequest",
        LabErrorKind.HolderLost => "holderLost",
        _ => "kernelError",
    };
}
