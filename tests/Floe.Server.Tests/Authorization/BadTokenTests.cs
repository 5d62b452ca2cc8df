using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authorization;

/// <summary>
/// Tokens and input an attacker or a broken client sends, beyond the forgeries of
/// <c>RegistryAuthenticationTests</c>: a widened <c>access</c> under the original signature, algorithm
/// confusion, claims of the wrong shape, expiry by the server's own clock, garbage in
/// <c>Authorization</c>, and oversized or malformed bodies. Every refusal is in the protocol's format, never a 500.
/// </summary>
public sealed class BadTokenTests : IAsyncLifetime
{
    private const string Host = RegistryHost.AccountHost;
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string TagsPath = "/v2/" + Image + "/tags/list";
    private const string UploadPath = "/v2/" + Image + "/blobs/uploads/";
    private const string Password = "pw-badtoken-12345";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private RegistryHost _host = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true", _clock);
        byte[] manifest = await _host.Client.PrepareImageAsync(Image, "bad-tokens");
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.PutManifestAsync(Image, "latest", manifest)).StatusCode);
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Client.SqlOkAsync(admin,
            "CREATE ROLE reader; GRANT USAGE ON DATABASE db TO ROLE reader; GRANT USAGE ON SCHEMA db.sch TO ROLE reader; " +
            $"GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE reader; CREATE USER reader PASSWORD = '{Password}'; GRANT ROLE reader TO USER reader;",
            Host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Token_AccessWidenedUnderTheOriginalSignature_401()
    {
        string token = await TokenAsync("reader", $"repository:{Image}:pull,push");
        Assert.Equal([$"repository:{Image}:pull"], new JsonWebToken(token).Access());
        string widened = Rewrite(token, payload => payload["access"]![0]!["actions"] = new JsonArray("pull", "push"));

        HttpResponseMessage forged = await SendAsync(HttpMethod.Post, UploadPath, widened);
        HttpResponseMessage genuine = await SendAsync(HttpMethod.Post, UploadPath, token);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (forged.StatusCode, await forged.ErrorCodeAsync()));
        Assert.Equal((HttpStatusCode.Forbidden, "DENIED"), (genuine.StatusCode, await genuine.ErrorCodeAsync()));
    }

    [Fact]
    public async Task Token_HmacSignedWithThePublicKey_401()
    {
        RegistryKeySet keys = await _host.Service<RegistryTokenKeys, RegistryTokenKeys>().CurrentAsync(CancellationToken.None);
        ECDsaSecurityKey signing = (ECDsaSecurityKey)keys.Signing;
        byte[] publicKey = signing.ECDsa.ExportSubjectPublicKeyInfo();
        SymmetricSecurityKey confused = new(SHA256.HashData(publicKey)) { KeyId = keys.Signing.KeyId };

        string token = Sign(Claims(), new SigningCredentials(confused, SecurityAlgorithms.HmacSha256));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    /// <summary>Claims of the wrong shape under the real key: unusable identity is 401, an unusable <c>access</c> entry grants nothing (403).</summary>
    [Theory]
    [InlineData("access is not an array", HttpStatusCode.Unauthorized)]
    [InlineData("no user id", HttpStatusCode.Unauthorized)]
    [InlineData("user id is not a number", HttpStatusCode.Unauthorized)]
    [InlineData("no expiry", HttpStatusCode.Unauthorized)]
    [InlineData("another issuer", HttpStatusCode.Unauthorized)]
    [InlineData("actions are not strings", HttpStatusCode.Forbidden)]
    [InlineData("entry without a name", HttpStatusCode.Forbidden)]
    [InlineData("access names another repository", HttpStatusCode.Forbidden)]
    [InlineData("well formed", HttpStatusCode.OK)]
    public async Task Token_ClaimsOfTheWrongShape_RefusedOrGrantsNothing(string shape, HttpStatusCode expected)
    {
        RegistryKeySet keys = await _host.Service<RegistryTokenKeys, RegistryTokenKeys>().CurrentAsync(CancellationToken.None);
        Dictionary<string, object> claims = Claims();
        string issuer = RegistryTokenIssuer.Issuer;
        bool expires = true;
        switch (shape)
        {
            case "access is not an array": claims["access"] = "repository:" + Image + ":pull"; break;
            case "no user id": claims.Remove(RegistryTokenIssuer.UserIdClaim); break;
            case "user id is not a number": claims[RegistryTokenIssuer.UserIdClaim] = "ADMIN"; break;
            case "no expiry": expires = false; break;
            case "another issuer": issuer = "someone-else"; break;
            case "actions are not strings": claims["access"] = Json($"[{{\"type\":\"repository\",\"name\":\"{Image}\",\"actions\":[1,true]}}]"); break;
            case "entry without a name": claims["access"] = Json("[{\"type\":\"repository\",\"actions\":[\"pull\"]}]"); break;
            case "access names another repository": claims["access"] = Json("[{\"type\":\"repository\",\"name\":\"db/sch/other/img\",\"actions\":[\"pull\"]}]"); break;
        }

        string token = Sign(claims, new SigningCredentials(keys.Signing, SecurityAlgorithms.EcdsaSha256), issuer, expires);
        HttpResponseMessage response = await SendAsync(HttpMethod.Get, TagsPath, token);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal(expected == HttpStatusCode.Unauthorized ? "UNAUTHORIZED" : "DENIED", await response.ErrorCodeAsync());
        }
    }

    /// <summary>A token the endpoint issued, judged by the server's clock: good until <c>expires_in</c> plus the 30 s skew, refused after.</summary>
    [Fact]
    public async Task IssuedToken_ExpiresByTheServersClock()
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync("reader", Password, [$"repository:{Image}:pull"])).TokenBodyAsync();
        string token = body.GetProperty("token").GetString()!;
        TimeSpan lifetime = TimeSpan.FromSeconds(body.GetProperty("expires_in").GetInt32());

        _clock.Advance(lifetime - TimeSpan.FromSeconds(1));
        HttpResponseMessage beforeExpiry = await SendAsync(HttpMethod.Get, TagsPath, token);
        _clock.Advance(RegistryTokenKeys.ClockSkew + TimeSpan.FromSeconds(2));
        HttpResponseMessage afterExpiry = await SendAsync(HttpMethod.Get, TagsPath, token);

        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (afterExpiry.StatusCode, await afterExpiry.ErrorCodeAsync()));
        Assert.StartsWith($"Bearer realm=\"http://{Host}/oauth/token\"", afterExpiry.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> GarbageAuthorization() =>
    [
        "Bearer",
        "Bearer ",
        "Bearer a.b.c",
        "Bearer ...",
        "Bearer eyJhbGciOiJFUzI1NiJ9",
        "Bearer eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln",
        "Bearer " + new string('A', 100_000),
        "Bearer \u00e9\u00e8\u00ea",
        "Basic !!!not-base64!!!",
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")),
        "Negotiate abc",
        "garbage",
    ];

    [Theory]
    [MemberData(nameof(GarbageAuthorization))]
    public async Task GarbageAuthorization_401WithTheChallenge(string authorization)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, TagsPath);
        request.Headers.Host = Host;
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (response.StatusCode, await response.ErrorCodeAsync()));
        Assert.StartsWith($"Bearer realm=\"http://{Host}/oauth/token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Bearer a.b.c")]
    [InlineData("garbage")]
    public async Task GarbageAuthorization_OnTheTokenEndpoint_401OAuthError(string authorization)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, $"/oauth/token?service={Host}&scope=repository:{Image}:pull");
        request.Headers.Host = Host;
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.TryGetProperty("error", out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedRegistryTokenForm_400OAuthError(bool declaredLength)
    {
        string form = $"grant_type=password&service={Host}&username=reader&password={Password}&scope=" + new string('x', 200_000);
        using HttpRequestMessage request = new(HttpMethod.Post, "/oauth/token") { Content = Body(form, "application/x-www-form-urlencoded", declaredLength) };
        request.Headers.Host = Host;

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedStatement_400SqlApiError(bool declaredLength)
    {
        string session = await Client.LoginAsync("reader", Password, Host);
        string statement = "{\"statement\":\"SELECT CURRENT_USER() /* " + new string('x', 1024 * 1024) + " */\"}";
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements") { Content = Body(statement, "application/json", declaredLength) };
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("390142", body.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"SELECT 1\"]")]
    [InlineData("{}")]
    [InlineData("{\"statement\":42}")]
    [InlineData("{\"statement\":null}")]
    [InlineData("{\"statement\":\"SELECT 1\"")]
    [InlineData("")]
    public async Task MalformedStatementBody_400SqlApiError(string json)
    {
        string session = await Client.LoginAsync("reader", Password, Host);

        HttpResponseMessage response = await PostStatementAsync(session, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("390142", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task DeeplyNestedStatementBody_400SqlApiError()
    {
        string session = await Client.LoginAsync("reader", Password, Host);
        string nested = "{\"statement\":\"SELECT 1\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        HttpResponseMessage response = await PostStatementAsync(session, nested);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-session")]
    [InlineData("Basic QURNSU46YWRtaW4tc2VjcmV0LTE=")] // ADMIN:admin-secret-1: the SQL API takes session tokens only
    [InlineData("garbage")]
    public async Task GarbageAuthorization_OnTheSqlApi_401(string authorization)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements") { Content = new StringContent("{\"statement\":\"SELECT 1\"}", Encoding.UTF8, "application/json") };
        request.Headers.Host = Host;
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("390303", body.RootElement.GetProperty("code").GetString());
    }

    private async Task<HttpResponseMessage> PostStatementAsync(string session, string json)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        return await Client.SendAsync(request);
    }

    /// <summary>A body with its length declared, or streamed without one (chunked), so both caps are exercised.</summary>
    private static HttpContent Body(string text, string mediaType, bool declaredLength)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        HttpContent content = declaredLength ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private Dictionary<string, object> Claims() => new()
    {
        ["sub"] = "ADMIN",
        ["access"] = Json($"[{{\"type\":\"repository\",\"name\":\"{Image}\",\"actions\":[\"pull\"]}}]"),
        [RegistryTokenIssuer.AccountIdClaim] = _host.Account.Id.ToString(CultureInfo.InvariantCulture),
        [RegistryTokenIssuer.UserIdClaim] = "1",
    };

    private string Sign(Dictionary<string, object> claims, SigningCredentials credentials, string issuer = RegistryTokenIssuer.Issuer, bool expires = true)
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        SecurityTokenDescriptor descriptor = new()
        {
            Issuer = issuer,
            Audience = "local-dev.registry.localhost",
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ? now.AddMinutes(5) : null,
            Claims = claims,
            SigningCredentials = credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The token with its payload rewritten and its header and signature kept.</summary>
    private static string Rewrite(string token, Action<JsonObject> change)
    {
        string[] parts = token.Split('.');
        JsonObject payload = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[1]))!.AsObject();
        change(payload);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    private static JsonElement Json(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private async Task<string> TokenAsync(string user, params string[] scopes)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, Password, scopes)).TokenBodyAsync();
        return body.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using HttpRequestMessage request = new(method, path);
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    /// <summary>A readable stream that does not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
