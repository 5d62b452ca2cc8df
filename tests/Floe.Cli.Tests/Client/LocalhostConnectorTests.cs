using Floe.Cli.Client;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Client;

public sealed class LocalhostConnectorTests
{
    [Theory]
    [InlineData("local-dev.registry.localhost", true)]
    [InlineData("X.LOCALHOST", true)]
    [InlineData("x.localhost.", true)]
    [InlineData("localhost", false)]
    [InlineData("localhost.example.com", false)]
    [InlineData("notlocalhost", false)]
    public void IsLocalhostSubdomain_RecognisesOnlyNamesUnderLocalhost(string host, bool expected)
    {
        Assert.Equal(expected, LocalhostConnector.IsLocalhostSubdomain(host));
    }

    [Fact]
    public async Task DefaultHandler_LocalhostSubdomain_ConnectsToLoopbackAndKeepsHostHeader()
    {
        using OneShotHttpServer server = new("""{"token":"t1","expires_in":3600,"token_type":"Bearer"}""");
        using FloeApiClient client = new(new Uri($"http://local-dev.registry.localhost:{server.Port}/"));

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "pw", null, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("t1", result.Value.Token);
        string head = await server.RequestHead;
        Assert.StartsWith("POST /oauth/token HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"\r\nHost: local-dev.registry.localhost:{server.Port}", head, StringComparison.Ordinal);
    }
}
