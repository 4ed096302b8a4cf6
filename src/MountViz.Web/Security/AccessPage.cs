using System.Globalization;
using System.Net;

namespace MountViz.Web.Security;

/// <summary>
/// The page a browser gets instead of the dashboard when it has no valid token: what to open,
/// and nothing about the machine.
/// </summary>
internal static class AccessPage
{
    /// <summary>Writes the page with <paramref name="status"/>; <paramref name="problem"/> says what was wrong with the request.</summary>
    public static Task WriteAsync(HttpContext context, int status, string problem)
    {
        int port = context.Connection.LocalPort;
        string html = string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <meta name="color-scheme" content="light dark" />
                <meta name="referrer" content="no-referrer" />
                <title>Open the link MountViz printed · MountViz</title>
                <link rel="icon" href="/images/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <main class="panel access-panel">
                    <h1>Open the link MountViz printed at start</h1>
                    <p>
                        MountViz shows this machine's mounts and can create mount namespaces, so it opens only for
                        someone who has its access token. When <code>mountviz serve</code> starts, it prints the URL
                        to open, with the token in it:
                    </p>
                    <pre><code>http://127.0.0.1:{{port}}/?token=...</code></pre>
                    <p>Open that URL in this browser; it remembers the token for this server until the browser closes.</p>
                    <p class="subtitle">{{WebUtility.HtmlEncode(problem)}}</p>
                    <p class="subtitle">
                        To choose the token yourself, start the server with <code>--token TOKEN</code> or the
                        <code>{{AccessToken.EnvironmentVariable}}</code> environment variable.
                    </p>
                </main>
            </body>
            </html>
            """);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
