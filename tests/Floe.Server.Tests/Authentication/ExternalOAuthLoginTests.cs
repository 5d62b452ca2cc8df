using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// Sign-in with an identity provider's access token (an External OAuth security integration): token
/// exchange at <c>POST /oauth/token</c>, the SQL API with <c>X-Snowflake-Authorization-Token-Type: OAUTH</c>,
/// and the attacks a token check must withstand. The provider's key set is served over real HTTP by
/// <see cref="JwksEndpoint"/>; the tokens are signed here.
/// </summary>
public sealed class ExternalOAuthLoginTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test/";
    private const string Audience = "floe-registry";
    private const string Image = RegistryHost.RepositoryPath + "/img";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private JwksEndpoint _jwks = null!;
    private RegistryHost _host = null!;

    public enum Attack
    {
        Expired,
        NotYetValid,
        WrongAudience,
        WrongIssuer,
        SignedByAnotherKey,
        AlgNone,
        Hs256WithTheProvidersPublicKey,
        JkuHeaderPointingElsewhere,
        X5uHeaderPointingElsewhere,
        EmbeddedJwkHeader,
        NoExpiry,
        UnknownUser,
        DisabledUser,
        TamperedPayload,
        NotAJwt,
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        _jwks = await JwksEndpoint.StartAsync();
        // The default fetch timeout (5 s): shorter ones fail the first fetch on a busy machine.
        _host = await RegistryHost.StartAsync(clock: _clock, services: services => services.AddSingleton(new JwksOptions { MaxBytes = 64 * 1024 }));
        await AdminSqlAsync(
            "CREATE ROLE dev; CREATE USER alice DEFAULT_ROLE = dev; GRANT ROLE dev TO USER alice; " +
            "GRANT USAGE ON DATABASE db TO ROLE dev; GRANT USAGE ON SCHEMA db.sch TO ROLE dev; GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE dev; " + CreateIntegration("idp", _jwks.KeysUrl));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _jwks.DisposeAsync();
    }

    [Fact]
    public async Task TokenExchange_ProvidersToken_SessionOfTheMappedUserInTheScopeRole()
    {
        string session = await ExchangeOkAsync(Token("alice"));

        JsonElement result = await _host.RawClient.SqlOkAsync(session, "SELECT CURRENT_USER(), CURRENT_ROLE()", RegistryHost.AccountHost);

        Assert.Equal(("ALICE", "DEV"), (result.Rows()[0][0], result.Rows()[0][1]));
    }

    [Fact]
    public async Task SqlApi_OAuthTokenType_RunsAsTheMappedUser()
    {
        HttpResponseMessage response = await SqlWithProviderTokenAsync(Token("alice"), "SELECT CURRENT_USER(), CURRENT_ROLE()");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("ALICE", "DEV"), (body.RootElement.Rows()[0][0], body.RootElement.Rows()[0][1]));
    }

    [Fact]
    public async Task SqlApi_OAuthTokenTypeWithAForgedToken_Unauthorized()
    {
        string forged = JwksEndpoint.Sign(Claims("alice"), JwksEndpoint.Rs256(_jwks.AttackerKey, "k1"));

        HttpResponseMessage response = await SqlWithProviderTokenAsync(forged, "SELECT CURRENT_USER()");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SessionFromExchange_As0sessiontoken_GetsARegistryTokenThatPulls()
    {
        byte[] manifest = await _host.Client.PrepareImageAsync(Image, "sso layer");
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.PutManifestAsync(Image, "latest", manifest)).StatusCode);
        string session = await ExchangeOkAsync(Token("alice"));

        JsonElement registry = await (await _host.RawClient.GetRegistryTokenAsync(
            BasicCredentials.SessionTokenUser, session, [$"repository:{Image}:pull,push"])).TokenBodyAsync();

        Assert.Equal([$"repository:{Image}:pull"], new JsonWebToken(registry.GetProperty("token").GetString()!).Access());
    }

    [Theory]
    [InlineData(Attack.Expired)]
    [InlineData(Attack.NotYetValid)]
    [InlineData(Attack.WrongAudience)]
    [InlineData(Attack.WrongIssuer)]
    [InlineData(Attack.SignedByAnotherKey)]
    [InlineData(Attack.AlgNone)]
    [InlineData(Attack.Hs256WithTheProvidersPublicKey)]
    [InlineData(Attack.JkuHeaderPointingElsewhere)]
    [InlineData(Attack.X5uHeaderPointingElsewhere)]
    [InlineData(Attack.EmbeddedJwkHeader)]
    [InlineData(Attack.NoExpiry)]
    [InlineData(Attack.UnknownUser)]
    [InlineData(Attack.DisabledUser)]
    [InlineData(Attack.TamperedPayload)]
    [InlineData(Attack.NotAJwt)]
    public async Task TokenExchange_Attack_GenericRefusalAndNothingFetchedElsewhere(Attack attack)
    {
        await AdminSqlAsync("CREATE USER mallory DISABLED = TRUE; GRANT ROLE dev TO USER mallory");
        SigningCredentials attacker = JwksEndpoint.Rs256(_jwks.AttackerKey, "k1");
        string elsewhere = _jwks.BaseUrl + "/elsewhere";
        byte[] publicKeyBytes = _jwks.SigningKey.ExportSubjectPublicKeyInfo();
        string token = attack switch
        {
            Attack.Expired => Token("alice", issuedAt: Now.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
            Attack.NotYetValid => Sign(Claims("alice", notBefore: Now.AddMinutes(10))),
            Attack.WrongAudience => Sign(Claims("alice", audience: "someone-else")),
            Attack.WrongIssuer => Sign(Claims("alice", issuer: "https://evil.example.test/")),
            Attack.SignedByAnotherKey => JwksEndpoint.Sign(Claims("alice"), attacker),
            Attack.AlgNone => JwksEndpoint.Sign(Claims("alice"), credentials: null),
            Attack.Hs256WithTheProvidersPublicKey => JwksEndpoint.Sign(Claims("alice"), new SigningCredentials(
                new SymmetricSecurityKey(publicKeyBytes) { KeyId = "k1" }, SecurityAlgorithms.HmacSha256)),
            Attack.JkuHeaderPointingElsewhere => JwksEndpoint.Sign(Claims("alice"), attacker, new() { ["jku"] = elsewhere }),
            Attack.X5uHeaderPointingElsewhere => JwksEndpoint.Sign(Claims("alice"), attacker, new() { ["x5u"] = elsewhere }),
            Attack.EmbeddedJwkHeader => JwksEndpoint.Sign(Claims("alice"), attacker, new() { ["jwk"] = JwksEndpoint.PublicJwk(_jwks.AttackerKey, "k1") }),
            Attack.NoExpiry => Sign(WithoutExpiry(Claims("alice"))),
            Attack.UnknownUser => Token("nobody"),
            Attack.DisabledUser => Token("mallory"),
            Attack.TamperedPayload => Tamper(Token("alice")),
            Attack.NotAJwt => "eyJhbGciOiJSUzI1NiJ9.a.b.c.d",
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        HttpResponseMessage response = await ExchangeAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("invalid_grant", LoginVerifier.GenericFailure),
            (error.RootElement.GetProperty("error").GetString(), error.RootElement.GetProperty("error_description").GetString()));
        Assert.Equal(0, _jwks.Fetches("/elsewhere"));
    }

    [Fact]
    public async Task TokenExchange_ProviderOfAnotherAccount_Refused()
    {
        const string otherHost = "local-other.registry.localhost:5000";
        await AdminSqlAsync("CREATE ACCOUNT other ADMIN_NAME = boss ADMIN_PASSWORD = 'boss-secret-1'");
        string boss = await _host.RawClient.LoginAsync("boss", "boss-secret-1", otherHost);
        await _host.RawClient.SqlOkAsync(boss, "CREATE ROLE dev; CREATE USER alice; GRANT ROLE dev TO USER alice", otherHost);

        HttpResponseMessage response = await ExchangeAsync(Token("alice"), otherHost);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TokenExchange_DisabledIntegration_Refused()
    {
        await AdminSqlAsync("ALTER SECURITY INTEGRATION idp SET ENABLED = FALSE");

        Assert.Equal(HttpStatusCode.Unauthorized, (await ExchangeAsync(Token("alice"))).StatusCode);
    }

    [Theory]
    [InlineData("/slow")]
    [InlineData("/huge")]
    [InlineData("/garbage")]
    [InlineData("/missing")]
    public async Task TokenExchange_KeySetUnusable_ClearTemporaryFailureAndTheServerStaysResponsive(string path)
    {
        await AdminSqlAsync(CreateIntegration("idp", _jwks.BaseUrl + path, orReplace: true));

        HttpResponseMessage response = await ExchangeAsync(Token("alice"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _host.RawClient.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword, host: RegistryHost.AccountHost)).StatusCode);
    }

    [Fact]
    public async Task TokenExchange_WhileTheProviderHangs_OtherLoginsAndStatementsAreAnswered()
    {
        await AdminSqlAsync(CreateIntegration("idp", _jwks.BaseUrl + "/hang", orReplace: true));

        Task<HttpResponseMessage> exchange = ExchangeAsync(Token("alice"));
        await _jwks.HangReached;
        string admin = await _host.RawClient.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        JsonElement answered = await _host.RawClient.SqlOkAsync(admin, "SELECT CURRENT_USER()", RegistryHost.AccountHost);
        HttpResponseMessage refused = await exchange;

        Assert.Equal("ADMIN", answered.Rows()[0][0]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    [Fact]
    public async Task TokenExchange_EmailAddressMapping_SignsInTheOneUserWithThatEmail()
    {
        await AdminSqlAsync(
            "CREATE USER bob EMAIL = 'Bob@Example.test'; GRANT ROLE dev TO USER bob; " +
            "CREATE USER twin_a EMAIL = 'twin@example.test'; CREATE USER twin_b EMAIL = 'twin@example.test'; " +
            "GRANT ROLE dev TO USER twin_a; GRANT ROLE dev TO USER twin_b; " +
            "ALTER SECURITY INTEGRATION idp SET EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'email' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'EMAIL_ADDRESS'");

        string session = await ExchangeOkAsync(Sign(WithEmail(Claims("someone"), "bob@example.test")));
        HttpResponseMessage ambiguous = await ExchangeAsync(Sign(WithEmail(Claims("someone"), "twin@example.test")));
        HttpResponseMessage loginNameIsNotAnEmail = await ExchangeAsync(Sign(WithEmail(Claims("someone"), "alice")));

        Assert.Equal("BOB", (await _host.RawClient.SqlOkAsync(session, "SELECT CURRENT_USER()", RegistryHost.AccountHost)).Rows()[0][0]);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (ambiguous.StatusCode, loginNameIsNotAnEmail.StatusCode));
    }

    [Fact]
    public async Task TokenExchange_ProviderRotatesItsKey_UnknownKidRefetchesOnceWithinTheInterval()
    {
        await ExchangeOkAsync(Token("alice"));
        RSA rotated = _jwks.Rotate();
        _clock.Advance(new JwksOptions().MinRefreshInterval);

        await ExchangeOkAsync(Sign(Claims("alice"), rotated));
        HttpResponseMessage flood = await ExchangeAsync(JwksEndpoint.Sign(Claims("alice"), JwksEndpoint.Rs256(_jwks.AttackerKey, "k99")));

        Assert.Equal(HttpStatusCode.Unauthorized, flood.StatusCode);
        Assert.Equal(2, _jwks.Fetches("/jwks"));
    }

    [Fact]
    public async Task TokenExchange_NoRoleScopeWhileAnyRoleModeIsDisable_RefusedClearly_ThenDefaultRoleOnceEnabled()
    {
        HttpResponseMessage refused = await ExchangeAsync(Token("alice", scope: "openid"));
        await AdminSqlAsync("ALTER SECURITY INTEGRATION idp SET EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE'");
        string session = await ExchangeOkAsync(Token("alice", scope: "openid"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("session:role:", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DEV", (await _host.RawClient.SqlOkAsync(session, "SELECT CURRENT_ROLE()", RegistryHost.AccountHost)).Rows()[0][0]);
    }

    [Fact]
    public async Task TokenExchange_ScopeRoleAccountAdmin_RefusedEvenWhenGranted()
    {
        await AdminSqlAsync("GRANT ROLE accountadmin TO USER alice");

        HttpResponseMessage response = await ExchangeAsync(Token("alice", scope: "session:role:ACCOUNTADMIN"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ACCOUNTADMIN", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenExchange_ScopeRoleNotGranted_Refused()
    {
        await AdminSqlAsync("CREATE ROLE ops");

        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(Token("alice", scope: "session:role:ops"))).StatusCode);
    }

    [Fact]
    public async Task AuthenticationPolicy_WithoutOAuthRefusesTheToken_OAuthOnlyAllowsIt()
    {
        await AdminSqlAsync(
            "CREATE AUTHENTICATION POLICY db.sch.password_only AUTHENTICATION_METHODS = ('PASSWORD'); " +
            "CREATE AUTHENTICATION POLICY db.sch.sso_only AUTHENTICATION_METHODS = ('OAUTH'); " +
            "ALTER USER alice SET AUTHENTICATION POLICY db.sch.password_only");

        HttpResponseMessage refused = await ExchangeAsync(Token("alice"));
        await AdminSqlAsync("ALTER USER alice UNSET AUTHENTICATION POLICY; ALTER USER alice SET AUTHENTICATION POLICY db.sch.sso_only");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("does not allow OAUTH authentication for user ALICE", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ExchangeOkAsync(Token("alice"));
    }

    private static string CreateIntegration(string name, string keysUrl, bool orReplace = false) =>
        $"CREATE {(orReplace ? "OR REPLACE " : "")}SECURITY INTEGRATION {name} TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
        $"EXTERNAL_OAUTH_ISSUER = '{Issuer}' EXTERNAL_OAUTH_JWS_KEYS_URL = '{keysUrl}' EXTERNAL_OAUTH_AUDIENCE_LIST = ('{Audience}') " +
        "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'";

    private Dictionary<string, object> Claims(
        string user, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null,
        string audience = Audience, string issuer = Issuer, string scope = "session:role:DEV")
    {
        DateTimeOffset issued = issuedAt ?? Now;
        Dictionary<string, object> claims = new()
        {
            ["iss"] = issuer,
            ["sub"] = user,
            ["aud"] = audience,
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["exp"] = (issued + (lifetime ?? TimeSpan.FromMinutes(10))).ToUnixTimeSeconds(),
            ["scope"] = scope,
        };
        if (notBefore is { } nbf)
        {
            claims["nbf"] = nbf.ToUnixTimeSeconds();
        }

        return claims;
    }

    private static Dictionary<string, object> WithEmail(Dictionary<string, object> claims, string email)
    {
        claims["email"] = email;
        return claims;
    }

    private static Dictionary<string, object> WithoutExpiry(Dictionary<string, object> claims)
    {
        claims.Remove("exp");
        return claims;
    }

    private string Token(string user, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, string scope = "session:role:DEV") =>
        Sign(Claims(user, issuedAt, lifetime, scope: scope));

    private string Sign(Dictionary<string, object> claims, RSA? key = null)
    {
        RSA signer = key ?? _jwks.SigningKey;
        return JwksEndpoint.Sign(claims, JwksEndpoint.Rs256(signer, _jwks.KidOf(signer)));
    }

    /// <summary>The token with its payload changed (sub → another user) and the signature kept.</summary>
    private static string Tamper(string token)
    {
        string[] parts = token.Split('.');
        string payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        return parts[0] + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
    }

    private async Task<HttpResponseMessage> ExchangeAsync(string token, string host = RegistryHost.AccountHost)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = TokenEndpoints.TokenExchangeGrant,
                ["subject_token"] = token,
                ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            }),
        };
        request.Headers.Host = host;
        return await _host.RawClient.SendAsync(request);
    }

    private async Task<string> ExchangeOkAsync(string token)
    {
        HttpResponseMessage response = await ExchangeAsync(token);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SqlWithProviderTokenAsync(string token, string statement)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { statement }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = RegistryHost.AccountHost;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", "OAUTH");
        return await _host.RawClient.SendAsync(request);
    }

    private async Task AdminSqlAsync(string statements)
    {
        string admin = await _host.RawClient.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await _host.RawClient.SqlOkAsync(admin, statements, RegistryHost.AccountHost);
    }
}
