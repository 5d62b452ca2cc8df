using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>Key-pair login: the jwt-bearer grant of <c>POST /oauth/token</c>.</summary>
public sealed class KeyPairLoginTests : IAsyncLifetime
{
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string Password = "pw-alice-12345";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly KeyPairClient _alice = new();
    private RegistryHost _host = null!;

    public enum Forgery
    {
        WrongKey,
        NoFingerprint,
        OtherFingerprint,
        SubjectIsAnotherUser,
        IssuerAndSubjectDisagree,
        OtherAccount,
        Expired,
        LifetimeOverAnHour,
        IssuedInTheFuture,
        AlgNone,
        Hs256WithThePublicKey,
        TamperedPayload,
        FivePartsNotBase64Url,
    }

    private HttpClient Client => _host.Client;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync(clock: _clock);

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task PersonUser_SessionTokenRunsSqlAsTheUser()
    {
        await CreateUserAsync("alice", _alice);

        HttpResponseMessage response = await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now));

        JsonElement body = await OkBodyAsync(response);
        Assert.Equal((3600, "Bearer"), (body.GetProperty("expires_in").GetInt32(), body.GetProperty("token_type").GetString()));
        JsonElement result = await Client.SqlOkAsync(body.GetProperty("token").GetString()!, "SELECT CURRENT_USER()", RegistryHost.AccountHost);
        Assert.Equal("ALICE", result.Rows()[0][0]);
    }

    [Fact]
    public async Task ServiceUser_LogsIn()
    {
        await CreateUserAsync("robot", _alice, "TYPE = SERVICE");

        JsonElement body = await OkBodyAsync(await Client.RequestKeyPairTokenAsync(_alice.Assertion("ROBOT", Now)));

        JsonElement result = await Client.SqlOkAsync(body.GetProperty("token").GetString()!, "SELECT CURRENT_USER()", RegistryHost.AccountHost);
        Assert.Equal("ROBOT", result.Rows()[0][0]);
    }

    [Fact]
    public async Task ClaimsInOtherCaseAndUnderscoreForDash_Accepted()
    {
        await CreateUserAsync("alice", _alice);

        HttpResponseMessage response = await Client.RequestKeyPairTokenAsync(_alice.Assertion("alice", Now, qualifier: "local_dev"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ScopeRole_BecomesTheSessionRole()
    {
        await CreateUserAsync("alice", _alice);

        JsonElement body = await OkBodyAsync(await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now), "session:role:puller"));

        JsonElement result = await Client.SqlOkAsync(body.GetProperty("token").GetString()!, "SELECT CURRENT_ROLE()", RegistryHost.AccountHost);
        Assert.Equal("PULLER", result.Rows()[0][0]);
    }

    [Fact]
    public async Task SessionToken_As0sessiontoken_GetsARegistryTokenThatPulls()
    {
        byte[] manifest = await Client.PrepareImageAsync(Image, "key-pair layer");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutManifestAsync(Image, "latest", manifest)).StatusCode);
        await CreateUserAsync("alice", _alice);
        await AdminSqlAsync("GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE puller");
        string session = (await OkBodyAsync(await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now)))).GetProperty("token").GetString()!;

        JsonElement registry = await (await Client.GetRegistryTokenAsync(BasicCredentials.SessionTokenUser, session, [$"repository:{Image}:pull,push"])).TokenBodyAsync();

        string token = registry.GetProperty("token").GetString()!;
        Assert.Equal([$"repository:{Image}:pull"], new JsonWebToken(token).Access());
        Assert.Equal(HttpStatusCode.OK, (await PullAsync(token)).StatusCode);
    }

    [Fact]
    public async Task RegistryTokenForm_JwtBearerGrantWithService_AnswersARegistryToken()
    {
        await CreateUserAsync("alice", _alice);
        await AdminSqlAsync("GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE puller");

        HttpResponseMessage response = await Client.PostRegistryTokenAsync(new()
        {
            ["grant_type"] = KeyPairClient.JwtBearerGrant, ["assertion"] = _alice.Assertion("ALICE", Now), ["scope"] = $"repository:{Image}:pull",
        });

        JsonWebToken token = new((await response.TokenBodyAsync()).GetProperty("token").GetString()!);
        Assert.Equal(("ALICE", $"repository:{Image}:pull"), (token.Subject, token.Access().Single()));
    }

    [Theory]
    [InlineData(Forgery.WrongKey)]
    [InlineData(Forgery.NoFingerprint)]
    [InlineData(Forgery.OtherFingerprint)]
    [InlineData(Forgery.SubjectIsAnotherUser)]
    [InlineData(Forgery.IssuerAndSubjectDisagree)]
    [InlineData(Forgery.OtherAccount)]
    [InlineData(Forgery.Expired)]
    [InlineData(Forgery.LifetimeOverAnHour)]
    [InlineData(Forgery.IssuedInTheFuture)]
    [InlineData(Forgery.AlgNone)]
    [InlineData(Forgery.Hs256WithThePublicKey)]
    [InlineData(Forgery.TamperedPayload)]
    [InlineData(Forgery.FivePartsNotBase64Url)]
    public async Task ForgedOrStaleAssertion_GenericUnauthorized(Forgery forgery)
    {
        await CreateUserAsync("alice", _alice);
        using KeyPairClient other = new();
        await CreateUserAsync("bob", other);

        string assertion = forgery switch
        {
            Forgery.WrongKey => other.Assertion("ALICE", Now, fingerprint: _alice.Fingerprint),
            Forgery.NoFingerprint => WithPayload(_alice.Assertion("ALICE", Now), payload => payload["iss"] = "LOCAL-DEV.ALICE", resign: _alice),
            Forgery.OtherFingerprint => _alice.Assertion("ALICE", Now, fingerprint: other.Fingerprint),
            Forgery.SubjectIsAnotherUser => _alice.Assertion("BOB", Now, fingerprint: _alice.Fingerprint),
            Forgery.IssuerAndSubjectDisagree => _alice.Assertion("BOB", Now, issuerUser: "ALICE"),
            Forgery.OtherAccount => _alice.Assertion("ALICE", Now, qualifier: "LOCAL-OTHER"),
            Forgery.Expired => _alice.Assertion("ALICE", Now.AddHours(-2), TimeSpan.FromHours(1)),
            Forgery.LifetimeOverAnHour => _alice.Assertion("ALICE", Now, TimeSpan.FromMinutes(61)),
            Forgery.IssuedInTheFuture => _alice.Assertion("ALICE", Now.AddMinutes(5), TimeSpan.FromMinutes(30)),
            Forgery.AlgNone => KeyPairClient.Sign(Claims("ALICE", _alice), credentials: null),
            Forgery.Hs256WithThePublicKey => KeyPairClient.Sign(Claims("ALICE", _alice), new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(_alice.PublicKeyBody)), SecurityAlgorithms.HmacSha256)),
            Forgery.TamperedPayload => WithPayload(_alice.Assertion("ALICE", Now), payload => payload["exp"] = Now.AddDays(30).ToUnixTimeSeconds(), resign: null),
            // Found by the key-pair-assertion fuzz target: the JWT reader threw FormatException (a 500).
            Forgery.FivePartsNotBase64Url => "eyJhbGciOiJSUzI1NiJ9.a.b.c.d",
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        HttpResponseMessage response = await Client.RequestKeyPairTokenAsync(assertion);

        await AssertGenericUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AssertionValidWhenSigned_RefusedOnceTheClockPassesItsExpiry()
    {
        await CreateUserAsync("alice", _alice);
        string assertion = _alice.Assertion("ALICE", Now, TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await Client.RequestKeyPairTokenAsync(assertion)).StatusCode);

        _clock.Advance(KeyPairVerifier.ClockSkew + TimeSpan.FromMinutes(6));

        await AssertGenericUnauthorizedAsync(await Client.RequestKeyPairTokenAsync(assertion));
    }

    [Fact]
    public async Task SmallClockSkew_Tolerated()
    {
        await CreateUserAsync("alice", _alice);

        HttpResponseMessage response = await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now.AddSeconds(30), TimeSpan.FromMinutes(30)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DisabledUser_Refused()
    {
        await CreateUserAsync("alice", _alice);
        await AdminSqlAsync("ALTER USER alice SET DISABLED = TRUE");

        await AssertGenericUnauthorizedAsync(await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now)));
    }

    [Fact]
    public async Task UserWithoutRsaPublicKey_Refused()
    {
        await AdminSqlAsync($"CREATE USER carol PASSWORD = '{Password}'");

        await AssertGenericUnauthorizedAsync(await Client.RequestKeyPairTokenAsync(_alice.Assertion("CAROL", Now)));
    }

    [Fact]
    public async Task PolicyWithoutKeypair_RefusedWithAClearMessage_WhilePasswordStillWorks()
    {
        await CreateUserAsync("alice", _alice);
        await AdminSqlAsync("CREATE AUTHENTICATION POLICY db.sch.password_only AUTHENTICATION_METHODS = ('PASSWORD'); " +
            "ALTER USER alice SET AUTHENTICATION POLICY db.sch.password_only");

        HttpResponseMessage keyPair = await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now));
        HttpResponseMessage password = await Client.RequestTokenAsync("alice", Password, host: RegistryHost.AccountHost);

        Assert.Equal(HttpStatusCode.Unauthorized, keyPair.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await keyPair.Content.ReadAsStringAsync());
        Assert.Contains("does not allow KEYPAIR authentication for user ALICE", error.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
    }

    [Fact]
    public async Task RepeatedBadAssertions_ThrottledEvenForAGoodOne()
    {
        await CreateUserAsync("alice", _alice);
        using KeyPairClient wrong = new();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await AssertGenericUnauthorizedAsync(await Client.RequestKeyPairTokenAsync(wrong.Assertion("ALICE", Now, fingerprint: _alice.Fingerprint)));
        }

        HttpResponseMessage blocked = await Client.RequestKeyPairTokenAsync(_alice.Assertion("ALICE", Now));

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOjF9.c2ln")]
    [InlineData("huge")]
    [InlineData("")]
    public async Task MalformedAssertion_OAuthErrorNever500(string assertion)
    {
        if (assertion == "huge")
        {
            assertion = "eyJhbGciOiJSUzI1NiJ9." + new string('A', 40_000) + ".c2ln";
        }

        HttpResponseMessage response = await Client.RequestKeyPairTokenAsync(assertion);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
    }

    private static async Task AssertGenericUnauthorizedAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {text}");
        using JsonDocument error = JsonDocument.Parse(text);
        Assert.Equal(("invalid_grant", LoginVerifier.GenericFailure),
            (error.RootElement.GetProperty("error").GetString(), error.RootElement.GetProperty("error_description").GetString()));
    }

    private static async Task<JsonElement> OkBodyAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private Dictionary<string, object> Claims(string user, KeyPairClient key) => new()
    {
        ["iss"] = $"{KeyPairClient.AccountQualifier}.{user}.{key.Fingerprint}",
        ["sub"] = $"{KeyPairClient.AccountQualifier}.{user}",
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.AddMinutes(30).ToUnixTimeSeconds(),
    };

    /// <summary>
    /// The assertion with its payload changed: re-signed by <paramref name="resign"/>'s key when given
    /// (the claims are then what the key's owner really signed), else with the original signature kept.
    /// </summary>
    private static string WithPayload(string assertion, Action<JsonObject> change, KeyPairClient? resign)
    {
        string[] parts = assertion.Split('.');
        JsonObject payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(payload);
        if (resign is not null)
        {
            Dictionary<string, object> claims = payload.ToDictionary(p => p.Key, p => (object)(p.Value!.GetValueKind() == JsonValueKind.Number ? p.Value.GetValue<long>() : p.Value.GetValue<string>()));
            return resign.SignClaims(claims);
        }

        return parts[0] + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
    }

    private async Task<HttpResponseMessage> PullAsync(string token)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, $"/v2/{Image}/manifests/latest");
        request.Headers.Host = RegistryHost.AccountHost;
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd(OciClient.OciManifestType);
        return await _host.RawClient.SendAsync(request);
    }

    private async Task CreateUserAsync(string user, KeyPairClient key, string type = "")
    {
        string password = type.Length == 0 ? $"PASSWORD = '{Password}'" : string.Empty;
        await AdminSqlAsync(
            $"CREATE USER {user} {password} {type}; ALTER USER {user} SET RSA_PUBLIC_KEY = '{key.PublicKeyBody}'; " +
            $"CREATE ROLE IF NOT EXISTS puller; GRANT USAGE ON DATABASE db TO ROLE puller; GRANT USAGE ON SCHEMA db.sch TO ROLE puller; " +
            $"GRANT ROLE puller TO USER {user};");
    }

    private async Task AdminSqlAsync(string sql)
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await Client.SqlOkAsync(admin, sql, RegistryHost.AccountHost);
    }
}
