using System.Security.Cryptography;
using System.Text;

namespace MountViz.Web.Security;

/// <summary>
/// The secret every <c>/api</c> call, the hub and the dashboard page need: it proves a request
/// comes from someone who saw the server's start-up output (or set the token), not from any
/// web page or local user who can reach the port.
/// </summary>
public sealed class AccessToken
{
    /// <summary>The environment variable <c>mountviz serve</c> reads when <c>--token</c> is not given.</summary>
    public const string EnvironmentVariable = "MOUNTVIZ_TOKEN";

    /// <summary>The longest token accepted: it travels in headers, URLs and a cookie.</summary>
    public const int MaxLength = 512;

    private const string AllowedCharacters = "A-Z a-z 0-9 - . _ ~";

    private readonly byte[] _bytes;

    private AccessToken(string value, AccessTokenOrigin origin)
    {
        Value = value;
        Origin = origin;
        _bytes = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token text, as clients send it.</summary>
    public string Value { get; }

    /// <summary>Where it came from.</summary>
    public AccessTokenOrigin Origin { get; }

    /// <summary>A new random token: 32 bytes from the system's CSPRNG, base64url without padding (43 characters).</summary>
    public static AccessToken Generate() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'), AccessTokenOrigin.Generated);

    /// <summary>A token the user chose.</summary>
    /// <exception cref="ArgumentException">It is empty, too long, or has characters a URL, header or cookie would mangle.</exception>
    public static AccessToken FromUser(string value, AccessTokenOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Problem(value) is string problem)
        {
            string where = origin == AccessTokenOrigin.Environment ? $"The {EnvironmentVariable} environment variable" : "The --token value";
            throw new ArgumentException($"{where} cannot be used as the access token: {problem}", nameof(value));
        }

        return new AccessToken(value, origin);
    }

    /// <summary>
    /// <c>--token</c> when given, else <c>MOUNTVIZ_TOKEN</c> when set and not empty, else a new
    /// random token.
    /// </summary>
    /// <exception cref="ArgumentException">The chosen token is not usable (see <see cref="FromUser"/>).</exception>
    public static AccessToken Resolve(string? option, string? environment)
    {
        if (option is not null)
        {
            return FromUser(option, AccessTokenOrigin.Option);
        }

        return string.IsNullOrEmpty(environment) ? Generate() : FromUser(environment, AccessTokenOrigin.Environment);
    }

    /// <summary>Whether <paramref name="presented"/> is this token, compared in constant time.</summary>
    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxLength)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxLength * 3];
        if (!Encoding.UTF8.TryGetBytes(presented, buffer, out int written))
        {
            return false;
        }

        // FixedTimeEquals leaks only the length, which is not secret for a generated token.
        return CryptographicOperations.FixedTimeEquals(buffer[..written], _bytes);
    }

    /// <summary>Never the secret itself: these objects end up in logs and debugger views.</summary>
    public override string ToString() => $"access token ({Origin.ToString().ToLowerInvariant()}, {Value.Length} characters)";

    private static string? Problem(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty. Give a token of letters and digits, or leave it out to have one generated.";
        }

        if (value.Length > MaxLength)
        {
            return $"it has {value.Length} characters; the most is {MaxLength}.";
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                return $"it contains '{(char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : c.ToString())}'. Use only {AllowedCharacters} (the characters a URL, a header and a cookie carry unchanged).";
            }
        }

        return null;
    }
}
