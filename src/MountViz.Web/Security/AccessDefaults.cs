using System.Globalization;

namespace MountViz.Web.Security;

/// <summary>Names the access checks share: the scheme, the cookie, the query parameters and the guarded paths.</summary>
public static class AccessDefaults
{
    /// <summary>The authentication scheme that checks the access token.</summary>
    public const string Scheme = "MountVizToken";

    /// <summary>The query parameter of the link printed at start (<c>/?token=...</c>).</summary>
    public const string LinkQueryParameter = "token";

    /// <summary>SignalR's query parameter for transports that cannot send headers (WebSockets, server-sent events in a browser).</summary>
    public const string HubQueryParameter = "access_token";

    /// <summary>Where the REST API lives.</summary>
    public const string ApiPath = "/api";

    /// <summary>Where the SignalR hubs live.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>
    /// The cookie that carries the token for a browser. Cookies are not kept apart by port, so
    /// the name has the server's port: two servers on one machine do not overwrite each other's.
    /// </summary>
    public static string CookieName(int port) => string.Create(CultureInfo.InvariantCulture, $"mountviz-token-{port}");

    /// <summary>Whether a request is for the API or the hub (answered with JSON), not a page.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments(ApiPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(HubsPath, StringComparison.OrdinalIgnoreCase);
}
