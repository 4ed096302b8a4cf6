using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MountViz.Web.Security;

/// <summary>
/// Accepts a request that carries the server's access token: <c>Authorization: Bearer TOKEN</c>;
/// for the hub also SignalR's <c>access_token</c> query parameter (browsers cannot put headers
/// on a WebSocket); or the cookie a browser got by opening the link printed at start. A
/// challenge answers 401 with how to get the token: JSON for the API and the hub, a small page
/// (with no data) for the dashboard.
/// </summary>
internal sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        (string? presented, string via) = Presented();
        if (presented is null)
        {
            return Task.FromResult(via.Length == 0
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail(via));
        }

        if (!token.Matches(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail(
                $"The access token in the {via} is not this server's. Tokens are generated anew at each start unless set with --token or {AccessToken.EnvironmentVariable}."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "mountviz-user")], AccessDefaults.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AccessDefaults.Scheme)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        string problem = result.Failure?.Message ?? "This request carries no access token.";
        int port = Context.Connection.LocalPort;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"MountViz\"";
        Response.Headers.CacheControl = "no-store";
        if (!AccessDefaults.IsMachinePath(Request.Path) && AcceptsHtml(Request))
        {
            await AccessPage.WriteAsync(Context, StatusCodes.Status401Unauthorized, problem).ConfigureAwait(false);
            return;
        }

        await Problems.Write(
            Context,
            StatusCodes.Status401Unauthorized,
            "Access token required",
            $"{problem} Send the token that `mountviz serve` printed at start (inside the URL it printed, http://127.0.0.1:{port}/?token=TOKEN) " +
            $"as `Authorization: Bearer TOKEN`; the hub also takes it as the `{AccessDefaults.HubQueryParameter}` query parameter. " +
            $"To choose the token yourself, start the server with --token TOKEN or the {AccessToken.EnvironmentVariable} environment variable.").ConfigureAwait(false);
    }

    private (string? Token, string Via) Presented()
    {
        string? header = Request.Headers.Authorization;
        if (!string.IsNullOrEmpty(header))
        {
            return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                ? (header[BearerPrefix.Length..].Trim(), "Authorization header")
                : (null, "The Authorization header must be `Bearer TOKEN`; other schemes are not accepted.");
        }

        if (Request.Path.StartsWithSegments(AccessDefaults.HubsPath, StringComparison.OrdinalIgnoreCase)
            && Request.Query[AccessDefaults.HubQueryParameter] is [string query, ..]
            && query.Length > 0)
        {
            return (query, $"{AccessDefaults.HubQueryParameter} query parameter");
        }

        if (Request.Cookies.TryGetValue(AccessDefaults.CookieName(Context.Connection.LocalPort), out string? cookie) && cookie.Length > 0)
        {
            return (cookie, "browser's cookie (from an earlier start of the server?)");
        }

        return (null, string.Empty);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
            ? accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            : true;
}
