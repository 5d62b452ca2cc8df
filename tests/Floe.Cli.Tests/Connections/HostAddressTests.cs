using Floe.Cli.Connections;

namespace Floe.Cli.Tests.Connections;

public sealed class HostAddressTests
{
    [Theory]
    [InlineData("localhost", "http://localhost/")]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("local-dev.registry.localhost:5000", "http://local-dev.registry.localhost:5000/")]
    [InlineData("LOCAL-DEV.Registry.LOCALHOST", "http://local-dev.registry.localhost/")]
    [InlineData("myorg-acct.registry.example.com", "https://myorg-acct.registry.example.com/")]
    [InlineData("registry.example.com:8443", "https://registry.example.com:8443/")]
    [InlineData("registry.example.com:80", "https://registry.example.com:80/")]
    [InlineData("  registry.example.com  ", "https://registry.example.com/")]
    [InlineData("http://registry.example.com", "http://registry.example.com/")]
    [InlineData("https://localhost:5001", "https://localhost:5001/")]
    [InlineData("https://gateway.example.com/floe", "https://gateway.example.com/floe/")]
    [InlineData("https://gateway.example.com/floe/", "https://gateway.example.com/floe/")]
    public void TryParse_ValidHost_GivesBaseUrl(string host, string expected)
    {
        Assert.True(HostAddress.TryParse(host, out Uri baseAddress, out string error), error);
        Assert.Equal(expected, baseAddress.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("ftp://example.com", "not an http:// or https:// URL")]
    [InlineData("https://user:pw@example.com", "must not carry credentials")]
    [InlineData("https://example.com/?x=1", "must not carry credentials, a query")]
    [InlineData("example.com/path", "is not a host[:port]")]
    [InlineData("example.com:notaport", "is not a host[:port]")]
    [InlineData("user@example.com", "is not a host[:port]")]
    public void TryParse_InvalidHost_SaysWhy(string host, string expectedFragment)
    {
        Assert.False(HostAddress.TryParse(host, out _, out string error));
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BaseUrl_ResolvesApiPathsBelowPrefix()
    {
        Assert.True(HostAddress.TryParse("https://gateway.example.com/floe", out Uri baseAddress, out _));
        Assert.Equal("https://gateway.example.com/floe/api/v2/statements", new Uri(baseAddress, "api/v2/statements").ToString());
    }
}
