using System.Net;
using System.Security.Cryptography;
using System.Text;
using Floe.Cli.Client;
using Floe.Cli.Client.ExternalBrowser;
using Floe.Cli.Connections;
using Floe.Cli.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Floe.Cli.Tests.Client.ExternalBrowser;

/// <summary>
/// The browser sign-in's own steps with a scripted provider (the real one, in Chromium, is in the clients'
/// suite): discovery, the authorization URL, the loopback redirect and the PKCE code exchange.
/// </summary>
public sealed class ExternalBrowserSignInTests
{
    private const string Issuer = "https://idp.example.test/realms/acme";

    private static readonly ConnectionSettings Settings = new()
    {
        Authenticator = "externalbrowser", OAuthClientId = "floe_cli", OAuthIssuer = Issuer, Role = "DEV",
    };

    [Fact]
    public async Task GetAccessTokenAsync_BrowserComesBack_CodeExchangedWithTheVerifierOfTheChallenge()
    {
        StubHandler provider = Provider();
        Dictionary<string, string> authorize = [];
        SignInConsole console = new(TextWriter.Null, url =>
        {
            authorize = QueryHelpers.ParseQuery(url.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
            _ = Browse(new Uri(authorize["redirect_uri"] + "?code=the-code&state=" + authorize["state"]));
            return true;
        });

        ApiResult<string> token = await ExternalBrowserSignIn.GetAccessTokenAsync(Settings, console, provider, CancellationToken.None);

        Assert.Equal("idp-access-token", token.Value);
        Assert.Equal(("floe_cli", "code", "openid session:role:DEV", "S256"),
            (authorize["client_id"], authorize["response_type"], authorize["scope"], authorize["code_challenge_method"]));
        Assert.StartsWith("http://127.0.0.1:", authorize["redirect_uri"], StringComparison.Ordinal);
        Dictionary<string, string> exchange = QueryHelpers.ParseQuery(provider.Requests[^1].Body).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        Assert.Equal(("authorization_code", "the-code", "floe_cli", authorize["redirect_uri"]),
            (exchange["grant_type"], exchange["code"], exchange["client_id"], exchange["redirect_uri"]));
        Assert.Equal(authorize["code_challenge"], System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(exchange["code_verifier"]))));
    }

    [Fact]
    public async Task GetAccessTokenAsync_NoBrowser_PrintsTheUrlToOpen()
    {
        StringWriter messages = new();
        SignInConsole console = new(new LineWatchingWriter(messages, line =>
        {
            if (line.StartsWith("https://idp.example.test/auth?", StringComparison.Ordinal))
            {
                Dictionary<string, string> query = QueryHelpers.ParseQuery(new Uri(line).Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
                _ = Browse(new Uri(query["redirect_uri"] + "?code=c&state=" + query["state"]));
            }
        }), OpenBrowser: null);

        ApiResult<string> token = await ExternalBrowserSignIn.GetAccessTokenAsync(Settings, console, Provider(), CancellationToken.None);

        Assert.True(token.IsSuccess, token.Error?.Message);
        Assert.Contains("open this URL in a browser", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ProviderRefuses_AuthenticationErrorWithTheProvidersReason()
    {
        SignInConsole console = new(TextWriter.Null, url =>
        {
            Dictionary<string, string> query = QueryHelpers.ParseQuery(url.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
            _ = Browse(new Uri(query["redirect_uri"] + "?error=access_denied&error_description=no&state=" + query["state"]));
            return true;
        });

        ApiResult<string> token = await ExternalBrowserSignIn.GetAccessTokenAsync(Settings, console, Provider(), CancellationToken.None);

        Assert.Equal(ApiErrorKind.Authentication, token.Error?.Kind);
        Assert.Equal("the identity provider refused the sign-in: access_denied (no)", token.Error?.Message);
    }

    [Theory]
    [InlineData(null, Issuer, null, "needs the client id")]
    [InlineData("floe_cli", null, null, "needs the identity provider")]
    [InlineData("floe_cli", Issuer, "http://localhost:8400/", "invalid oauth_redirect_uri")]
    [InlineData("floe_cli", Issuer, "https://example.com/cb", "invalid oauth_redirect_uri")]
    public async Task GetAccessTokenAsync_MissingOrBadSettings_UsageErrorWithoutRequest(string? clientId, string? issuer, string? redirect, string message)
    {
        StubHandler provider = Provider();

        ApiResult<string> token = await ExternalBrowserSignIn.GetAccessTokenAsync(
            Settings with { OAuthClientId = clientId, OAuthIssuer = issuer, OAuthRedirectUri = redirect }, new SignInConsole(TextWriter.Null, null), provider, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Usage, token.Error?.Kind);
        Assert.Contains(message, token.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task GetAccessTokenAsync_DiscoveryNamesAnotherIssuer_RefusedBeforeAnyBrowser()
    {
        StubHandler provider = new(_ => StubHandler.Json(HttpStatusCode.OK, Discovery("https://evil.example.test")));
        bool opened = false;

        ApiResult<string> token = await ExternalBrowserSignIn.GetAccessTokenAsync(
            Settings, new SignInConsole(TextWriter.Null, _ => opened = true), provider, CancellationToken.None);

        Assert.Equal(ApiErrorKind.InvalidResponse, token.Error?.Kind);
        Assert.False(opened);
    }

    [Theory]
    [InlineData(null, "DEV", "openid session:role:DEV")]
    [InlineData(null, null, "openid")]
    [InlineData("api://floe/session:role:DEV", "DEV", "api://floe/session:role:DEV")]
    public void Scope_DefaultsToOpenidAndTheRole_OrTheSetting(string? scope, string? role, string expected)
    {
        Assert.Equal(expected, ExternalBrowserSignIn.Scope(new ConnectionSettings { OAuthScope = scope, Role = role }));
    }

    private static StubHandler Provider() => new(request => request.Path switch
    {
        "/realms/acme/.well-known/openid-configuration" => StubHandler.Json(HttpStatusCode.OK, Discovery(Issuer)),
        "/jwks" => StubHandler.Json(HttpStatusCode.OK, """{"keys":[]}"""),
        "/token" => StubHandler.Json(HttpStatusCode.OK, """{"access_token":"idp-access-token","token_type":"Bearer","expires_in":600}"""),
        _ => StubHandler.Json(HttpStatusCode.NotFound, "{}"),
    });

    private static string Discovery(string issuer) =>
        $$"""{"issuer":"{{issuer}}","authorization_endpoint":"https://idp.example.test/auth","token_endpoint":"https://idp.example.test/token","jwks_uri":"https://idp.example.test/jwks"}""";

    /// <summary>What the browser does once the provider sends it back: a GET of the redirect URI.</summary>
    private static async Task Browse(Uri redirect)
    {
        using HttpClient browser = new();
        await browser.GetAsync(redirect);
    }

    /// <summary>A writer that also hands each written line to <paramref name="onLine"/>.</summary>
    private sealed class LineWatchingWriter(TextWriter inner, Action<string> onLine) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void WriteLine(string? value)
        {
            inner.WriteLine(value);
            onLine(value ?? "");
        }
    }
}
