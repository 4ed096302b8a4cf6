using Microsoft.AspNetCore.Http.Extensions;

namespace MountViz.Web.Security;

/// <summary>
/// Turns the link printed at start (<c>/?token=TOKEN</c>) into a cookie: a browser that opens
/// it gets an HttpOnly, SameSite=Strict cookie holding the token and is redirected to the same
/// page without the token, so it leaves the address bar and the history. API and hub paths do
/// not take <c>?token=</c>.
/// </summary>
internal sealed class TokenLinkMiddleware(RequestDelegate next, AccessToken token)
{
    /// <summary>Handles a token link, or passes the request on.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || AccessDefaults.IsMachinePath(request.Path)
            || !request.Query.TryGetValue(AccessDefaults.LinkQueryParameter, out var values))
        {
            return next(context);
        }

        if (!token.Matches(values.Count == 1 ? values[0] : null))
        {
            return AccessPage.WriteAsync(
                context,
                StatusCodes.Status401Unauthorized,
                $"The token in this link is not this server's. A token is generated anew at each start unless set with --token or {AccessToken.EnvironmentVariable}: open the URL printed by the running server.");
        }

        context.Response.Cookies.Append(AccessDefaults.CookieName(context.Connection.LocalPort), token.Value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

        var query = new QueryBuilder(request.Query
            .Where(q => !string.Equals(q.Key, AccessDefaults.LinkQueryParameter, StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Redirect(request.PathBase + request.Path + query.ToQueryString());
        return Task.CompletedTask;
    }
}
