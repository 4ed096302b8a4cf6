using System.Net;
using Microsoft.AspNetCore.Http;

namespace MountViz.Web.Security;

/// <summary>
/// Which <c>Host</c> and <c>Origin</c> values name this server. A web page on another site can
/// make a browser send requests to 127.0.0.1 (and, by DNS rebinding, make its own host name
/// resolve there); such requests carry the other site's name in <c>Host</c> or <c>Origin</c>.
/// Accepted: <c>localhost</c>, any 127.x.y.z address and <c>[::1]</c>, plus hosts named
/// literally in <c>--urls</c>, each with the port the request arrived on.
/// </summary>
public sealed class HostPolicy
{
    private static readonly HashSet<string> Wildcards = new(StringComparer.OrdinalIgnoreCase) { "*", "+", "0.0.0.0", "[::]", "::" };

    private readonly HashSet<string> _extraHosts;

    /// <summary>Creates the policy; <paramref name="extraHosts"/> are host names or addresses the user listens on explicitly.</summary>
    public HostPolicy(IEnumerable<string>? extraHosts = null) =>
        _extraHosts = new HashSet<string>((extraHosts ?? []).Select(Normalize), StringComparer.OrdinalIgnoreCase);

    /// <summary>The host names or addresses accepted besides the loopback ones.</summary>
    public IReadOnlyCollection<string> ExtraHosts => _extraHosts;

    /// <summary>
    /// The policy for a server listening on <paramref name="urls"/> (separated by <c>;</c>):
    /// loopback names always; a host named literally (not a wildcard such as 0.0.0.0) as well,
    /// since the user chose to be reached by that name.
    /// </summary>
    public static HostPolicy FromUrls(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var extra = new List<string>();
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
            string rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            string authority = slash >= 0 ? rest[..slash] : rest;
            string host = authority.StartsWith('[')
                ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)]
                : authority.Split(':')[0];
            if (host.Length > 0 && !Wildcards.Contains(host) && !IsLoopbackName(host))
            {
                extra.Add(host);
            }
        }

        return new HostPolicy(extra);
    }

    /// <summary>
    /// Whether <paramref name="host"/> (a <c>Host</c> header) names this server, reached on
    /// <paramref name="localPort"/>. A local port of 0 means no TCP socket (a Unix socket, an
    /// in-memory test server), which no web page can reach: then only the name is checked.
    /// </summary>
    public bool IsOwnHost(HostString host, string scheme, int localPort)
    {
        if (!host.HasValue || string.IsNullOrEmpty(host.Host))
        {
            return false;
        }

        int port = host.Port ?? DefaultPort(scheme);
        return (localPort == 0 || port == localPort) && IsOwnName(host.Host);
    }

    /// <summary>
    /// Whether <paramref name="origin"/> (an <c>Origin</c> header) is a page of this server:
    /// same scheme, an accepted host, the port the request arrived on. <c>null</c> (sandboxed
    /// frames, files) is not.
    /// </summary>
    public bool IsOwnOrigin(string origin, string scheme, int localPort) =>
        Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
        && string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath == "/"
        && uri.Port == localPort
        && IsOwnName(uri.Host);

    /// <summary>Whether <paramref name="host"/> is a loopback name or address: <c>localhost</c>, 127.x.y.z, <c>::1</c>.</summary>
    public static bool IsLoopbackName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string name = Normalize(host);
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
    }

    private bool IsOwnName(string host) => IsLoopbackName(host) || _extraHosts.Contains(Normalize(host));

    // "localhost." is the same name as "localhost"; IPv6 addresses compare without brackets.
    private static string Normalize(string host) => host.TrimEnd('.').Trim('[', ']');

    private static int DefaultPort(string scheme) =>
        string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
