namespace MountViz.Web.Api;

/// <summary>The body of <c>POST /api/labs/{id}/commands</c>.</summary>
/// <param name="Namespace">The lab namespace to run it in (required).</param>
/// <param name="Command">One line of the command language (required), e.g. <c>mount --bind /a /b</c>.</param>
public sealed record CommandRequest(string? Namespace, string? Command);
