using Microsoft.AspNetCore.Http.Features;

namespace MountViz.Web.Security;

/// <summary>
/// First in the pipeline: refuses requests that name another host (DNS rebinding: 421) and
/// state-changing requests or WebSocket upgrades sent by a page of another origin (403). A
/// request without <c>Origin</c> (curl, scripts, the .NET SignalR client) is not a browser's
/// cross-site request, so it passes here and still needs the token.
/// </summary>
internal sealed class RequestOriginGuard(RequestDelegate next, HostPolicy policy)
{
    /// <summary>Runs the checks, then the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        int localPort = context.Connection.LocalPort;
        if (!policy.IsOwnHost(request.Host, request.Scheme, localPort))
        {
            string shown = request.Host.HasValue ? request.Host.Value : "(none)";
            return Problems.Write(
                context,
                StatusCodes.Status421MisdirectedRequest,
                "Host not served here",
                $"This server answers only to its own loopback names (localhost, 127.0.0.1 or [::1] with port {localPort}), not to Host '{shown}'. " +
                "Requests under another name are refused so that a web page cannot reach MountViz by pointing its own domain at 127.0.0.1 (DNS rebinding). " +
                $"Open the URL MountViz printed at start (http://127.0.0.1:{localPort}/?token=...), or listen on that name explicitly with --urls.");
        }

        if ((IsStateChanging(request.Method) || IsWebSocketUpgrade(context))
            && request.Headers.Origin is [string origin, ..]
            && !policy.IsOwnOrigin(origin, request.Scheme, localPort))
        {
            return Problems.Write(
                context,
                StatusCodes.Status403Forbidden,
                "Cross-origin request refused",
                $"This {(IsWebSocketUpgrade(context) ? "WebSocket connection" : request.Method + " request")} comes from a page of '{origin}', not from MountViz's own pages ({request.Scheme}://{request.Host}). " +
                "MountViz refuses changes and live connections started by other sites (cross-site request forgery). " +
                "Use the dashboard itself, or a client that sends no Origin header (curl, scripts, the .NET SignalR client).");
        }

        return next(context);
    }

    private static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    // HTTP/1.1 upgrades say so in headers; HTTP/2 and HTTP/3 use an extended CONNECT.
    private static bool IsWebSocketUpgrade(HttpContext context) =>
        context.Request.Headers.Upgrade.Any(v => v is not null && v.Contains("websocket", StringComparison.OrdinalIgnoreCase))
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
}
