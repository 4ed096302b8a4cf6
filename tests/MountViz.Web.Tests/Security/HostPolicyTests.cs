using Microsoft.AspNetCore.Http;
using MountViz.Web.Security;

namespace MountViz.Web.Tests.Security;

public class HostPolicyTests
{
    private static readonly HostPolicy Loopback = new();

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("127.1.2.3:5080")]
    [InlineData("localhost:5080")]
    [InlineData("LOCALHOST:5080")]
    [InlineData("localhost.:5080")]
    [InlineData("[::1]:5080")]
    public void Loopback_names_with_the_servers_port_are_its_own(string host) =>
        Assert.True(Loopback.IsOwnHost(new HostString(host), "http", 5080));

    [Theory]
    [InlineData("evil.example:5080")]
    [InlineData("127.0.0.1.evil.example:5080")]
    [InlineData("localhost.evil.example:5080")]
    [InlineData("192.168.1.10:5080")]
    [InlineData("[::2]:5080")]
    [InlineData("127.0.0.1:5081")]
    [InlineData("127.0.0.1")] // port 80 is not 5080
    [InlineData("")]
    public void Other_names_or_ports_are_not(string host) =>
        Assert.False(Loopback.IsOwnHost(new HostString(host), "http", 5080));

    [Fact]
    public void Without_a_tcp_port_only_the_name_is_checked()
    {
        Assert.True(Loopback.IsOwnHost(new HostString("localhost"), "http", 0));
        Assert.False(Loopback.IsOwnHost(new HostString("evil.example"), "http", 0));
    }

    [Fact]
    public void Without_a_port_the_schemes_default_port_is_meant() =>
        Assert.True(Loopback.IsOwnHost(new HostString("localhost"), "http", 80));

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.1:5080", false)]
    [InlineData("http://127.0.0.1:5081", false)]
    [InlineData("http://evil.example:5080", false)]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("file://", false)]
    public void An_origin_is_its_own_only_with_its_scheme_a_loopback_name_and_its_port(string origin, bool own) =>
        Assert.Equal(own, Loopback.IsOwnOrigin(origin, "http", 5080));

    [Fact]
    public void Hosts_named_in_urls_are_accepted_wildcards_add_nothing()
    {
        HostPolicy policy = HostPolicy.FromUrls("http://0.0.0.0:5080;http://[::]:5080;http://*:5080;http://mybox.lan:5080;http://[fd00::5]:5080;http://127.0.0.1:5080");

        Assert.Equal(["fd00::5", "mybox.lan"], policy.ExtraHosts.Order(StringComparer.Ordinal));
        Assert.True(policy.IsOwnHost(new HostString("mybox.lan:5080"), "http", 5080));
        Assert.True(policy.IsOwnHost(new HostString("[fd00::5]:5080"), "http", 5080));
        Assert.True(policy.IsOwnOrigin("http://mybox.lan:5080", "http", 5080));
        Assert.False(policy.IsOwnHost(new HostString("evil.example:5080"), "http", 5080));
        Assert.Empty(HostPolicy.FromUrls("http://0.0.0.0:5080").ExtraHosts);
    }
}
