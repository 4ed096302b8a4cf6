using System.Net;
using MountViz.Web.Security;

namespace MountViz.Web.Hosting;

/// <summary>What <c>mountviz serve</c> prints once it listens: where it is, and the URL to open with the token.</summary>
public static class StartupBanner
{
    /// <summary>
    /// The URLs to open: each listening address with <c>/?token=TOKEN</c>; a wildcard address
    /// (0.0.0.0, [::]) is shown as 127.0.0.1, where a browser on this machine reaches it.
    /// </summary>
    public static IReadOnlyList<Uri> OpenUrls(IEnumerable<Uri> addresses, AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(token);
        return [.. addresses
            .Select(address =>
            {
                var builder = new UriBuilder(address) { Path = "/", Query = $"{AccessDefaults.LinkQueryParameter}={token.Value}" };
                if (IPAddress.TryParse(address.Host.Trim('[', ']'), out IPAddress? ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
                {
                    builder.Host = "127.0.0.1";
                }

                return builder.Uri;
            })
            .Distinct()];
    }

    /// <summary>Writes the lines: where it listens, then the URL(s) to open.</summary>
    public static void Write(TextWriter output, IReadOnlyList<Uri> addresses, AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(addresses);
        output.WriteLine($"MountViz is listening on {string.Join(", ", addresses.Select(a => a.GetLeftPart(UriPartial.Authority)))}");
        foreach (Uri url in OpenUrls(addresses, token))
        {
            output.WriteLine($"Open {url.AbsoluteUri}");
        }

        output.WriteLine(token.Origin switch
        {
            AccessTokenOrigin.Option => "The access token is the one given with --token.",
            AccessTokenOrigin.Environment => $"The access token is the one in {AccessToken.EnvironmentVariable}.",
            _ => $"The access token is new at each start; to keep one, start with --token TOKEN or set {AccessToken.EnvironmentVariable}.",
        });
        output.WriteLine("API clients: send it as 'Authorization: Bearer TOKEN'; API description: /openapi/v1.json");
        output.Flush();
    }
}
