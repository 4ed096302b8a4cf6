using MountViz.Web.Security;

namespace MountViz.Web.Tests.Security;

public class AccessTokenTests
{
    [Fact]
    public void A_generated_token_is_32_random_bytes_in_base64url()
    {
        AccessToken a = AccessToken.Generate();
        AccessToken b = AccessToken.Generate();

        Assert.Equal(43, a.Value.Length); // 32 bytes, base64 without padding
        Assert.Matches("^[A-Za-z0-9_-]{43}$", a.Value);
        Assert.Equal(32, Convert.FromBase64String(a.Value.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(AccessTokenOrigin.Generated, a.Origin);
    }

    [Fact]
    public void The_option_wins_over_the_environment_which_wins_over_generating()
    {
        Assert.Equal(("from-option", AccessTokenOrigin.Option), Pair(AccessToken.Resolve("from-option", "from-env")));
        Assert.Equal(("from-env", AccessTokenOrigin.Environment), Pair(AccessToken.Resolve(null, "from-env")));
        Assert.Equal(AccessTokenOrigin.Generated, AccessToken.Resolve(null, null).Origin);
        Assert.Equal(AccessTokenOrigin.Generated, AccessToken.Resolve(null, "").Origin);

        static (string, AccessTokenOrigin) Pair(AccessToken token) => (token.Value, token.Origin);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("has space", "U+0020")]
    [InlineData("semi;colon", "';'")]
    [InlineData("quote\"", "'\"'")]
    [InlineData("é", "'é'")]
    public void A_token_a_url_header_or_cookie_would_mangle_is_refused_with_the_reason(string value, string named)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => AccessToken.Resolve(value, null));

        Assert.Contains("--token", e.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_environment_token_names_the_variable()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => AccessToken.Resolve(null, "a b"));

        Assert.Contains("MOUNTVIZ_TOKEN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_only_the_exact_token()
    {
        AccessToken token = AccessToken.FromUser("abc-123", AccessTokenOrigin.Option);

        Assert.True(token.Matches("abc-123"));
        Assert.False(token.Matches("abc-12"));
        Assert.False(token.Matches("abc-1234"));
        Assert.False(token.Matches("ABC-123"));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(null));
        Assert.False(token.Matches(new string('a', 10_000)));
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        AccessToken token = AccessToken.FromUser("s3cret-value", AccessTokenOrigin.Environment);

        Assert.DoesNotContain("s3cret", token.ToString(), StringComparison.Ordinal);
    }
}
