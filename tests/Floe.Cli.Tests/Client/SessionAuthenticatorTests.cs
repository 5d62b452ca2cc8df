using System.Net;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Client;

public sealed class SessionAuthenticatorTests
{
    private static readonly Uri Base = new("http://localhost:5000/");

    [Fact]
    public async Task GetTokenAsync_TokenSetting_IsUsedWithoutLogin()
    {
        StubHandler handler = StubHandler.ForSql("{}");
        using FloeApiClient client = new(Base, handler);

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { Token = "given", User = "u", Password = "p" }, CancellationToken.None);

        Assert.Equal("given", token.Value);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetTokenAsync_UserAndPassword_LogsInWithRole()
    {
        StubHandler handler = StubHandler.ForSql("{}");
        using FloeApiClient client = new(Base, handler);

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { User = "u", Password = "p", Role = "R" }, CancellationToken.None);

        Assert.Equal("session-1", token.Value);
        Assert.EndsWith("&scope=session%3Arole%3AR", Assert.Single(handler.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_OAuthAuthenticator_ExchangesTheProvidersTokenForASession()
    {
        StubHandler handler = StubHandler.ForSql("{}");
        using FloeApiClient client = new(Base, handler);

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { Authenticator = "oauth", Token = "idp-jwt", Role = "R" }, CancellationToken.None);

        Assert.Equal("session-1", token.Value);
        Assert.Equal(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=idp-jwt" +
            "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&scope=session%3Arole%3AR",
            Assert.Single(handler.Requests).Body);
    }

    [Theory]
    [InlineData("oauth", null, "authenticator 'oauth' needs the identity provider's access token")]
    [InlineData("externalbrowser", null, "authenticator 'externalbrowser' needs the client id floe has at the identity provider")]
    [InlineData("okta", "t", "unknown authenticator 'okta'")]
    public async Task GetTokenAsync_AuthenticatorWithoutWhatItNeeds_IsUsageErrorWithoutRequest(string authenticator, string? token, string message)
    {
        StubHandler handler = StubHandler.ForSql("{}");
        using FloeApiClient client = new(Base, handler);

        ApiResult<string> result = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { Authenticator = authenticator, Token = token }, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Usage, result.Error?.Kind);
        Assert.StartsWith(message, result.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetTokenAsync_PrivateKeyFileMissing_IsUsageErrorWithoutRequest()
    {
        StubHandler handler = StubHandler.ForSql("{}");
        using FloeApiClient client = new(Base, handler);

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { User = "u", Account = "o-a", PrivateKeyFile = "/no/such/k.p8" }, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Usage, token.Error?.Kind);
        Assert.StartsWith("cannot read private key file /no/such/k.p8", token.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(2, token.Error?.ExitCode);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("u", null)]
    [InlineData(null, "p")]
    [InlineData(null, null)]
    public async Task GetTokenAsync_NoCredentials_IsUsageError(string? user, string? password)
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql("{}"));

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { User = user, Password = password }, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Usage, token.Error?.Kind);
        Assert.StartsWith("no credentials configured", token.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(2, token.Error?.ExitCode);
    }

    [Fact]
    public async Task GetTokenAsync_LoginRefused_IsAuthenticationError()
    {
        using FloeApiClient client = new(Base, new StubHandler(_ => StubHandler.Json(HttpStatusCode.Unauthorized, "")));

        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(
            client, new ConnectionSettings { User = "u", Password = "p" }, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Authentication, token.Error?.Kind);
    }

    [Fact]
    public void SessionToken_ToString_MasksTheToken()
    {
        Assert.DoesNotContain("secret", new SessionToken("secret", null).ToString(), StringComparison.Ordinal);
    }
}
