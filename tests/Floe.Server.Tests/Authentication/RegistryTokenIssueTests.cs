using System.Net;
using System.Text.Json;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>Issuing registry tokens: credentials, answers and grants.</summary>
public sealed class RegistryTokenIssueTests : IAsyncLifetime
{
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string PullPush = "repository:" + Image + ":pull,push";
    private const string Audience = "local-dev.registry.localhost";

    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_BasicPassword_AnswersASignedES256TokenForTheAccountHost()
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync("ADMIN", RegistryHost.AdminPassword, [PullPush])).TokenBodyAsync();

        string token = body.GetProperty("token").GetString()!;
        Assert.Equal(token, body.GetProperty("access_token").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("issued_at").GetString(), out _));
        Assert.False(body.TryGetProperty("refresh_token", out _));

        TokenValidationResult result = await ValidateAsync(token);
        Assert.True(result.IsValid, result.Exception?.Message);
        JsonWebToken jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(("ES256", "floe", "ADMIN"), (jwt.Alg, jwt.Issuer, jwt.Subject));
        Assert.Equal([Audience], jwt.Audiences);
        Assert.Equal([PullPush], jwt.Access());
        Assert.Equal(_host.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), jwt.GetPayloadValue<string>(RegistryTokenIssuer.AccountIdClaim));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
    }

    [Fact]
    public async Task Get_WrongPasswordOrUnknownUser_Generic401()
    {
        HttpResponseMessage wrong = await Client.GetRegistryTokenAsync("ADMIN", "nope", [PullPush]);
        HttpResponseMessage unknown = await Client.GetRegistryTokenAsync("GHOST", "nope", [PullPush]);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, unknown.StatusCode));
        Assert.Contains(LoginVerifier.GenericFailure, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        // docker, podman and skopeo print a token endpoint's "details" and nothing else of a refusal.
        using JsonDocument body = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Equal(LoginVerifier.GenericFailure, body.RootElement.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Get_ReadOnlyUserAsksPullAndPush_GetsPullOnly()
    {
        await CreateUserAsync("bob", "pw-bob-12345", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE puller");

        JwtAnswer answer = await TokenAsync("bob", "pw-bob-12345", PullPush);

        Assert.Equal(["repository:" + Image + ":pull"], answer.Jwt.Access());
    }

    [Fact]
    public async Task Get_UserWithoutGrants_GetsNoActionsAndNoError()
    {
        await CreateUserAsync("eve", "pw-eve-12345", null);

        JwtAnswer answer = await TokenAsync("eve", "pw-eve-12345", PullPush, "repository:db/sch/ghost/img:pull", "registry:catalog:*");

        Assert.Equal(["registry:catalog:*"], answer.Jwt.Access());
    }

    [Fact]
    public async Task Get_ProgrammaticAccessToken_IsAccepted()
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        JsonElement added = await Client.SqlOkAsync(admin, "ALTER USER ADD PROGRAMMATIC ACCESS TOKEN ci", RegistryHost.AccountHost);
        string secret = added.Rows()[0][1]!;

        JwtAnswer answer = await TokenAsync("ADMIN", secret, PullPush);

        Assert.Equal([PullPush], answer.Jwt.Access());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_SessionToken_BareOrJson_IsAccepted(bool json)
    {
        string session = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        string secret = json ? JsonSerializer.Serialize(new { token = session, expires_in = 3600 }) : session;

        JwtAnswer answer = await TokenAsync(BasicCredentials.SessionTokenUser, secret, PullPush);

        Assert.Equal(("ADMIN", PullPush), (answer.Jwt.Subject, answer.Jwt.Access().Single()));
    }

    [Fact]
    public async Task Get_UnknownSessionToken_Generic401()
    {
        HttpResponseMessage response = await Client.GetRegistryTokenAsync(BasicCredentials.SessionTokenUser, "floe-session-nope", [PullPush]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetLogin_BasicPassword_AnswersTheSameJson()
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync("ADMIN", RegistryHost.AdminPassword, [], path: "/login")).TokenBodyAsync();

        Assert.True((await ValidateAsync(body.GetProperty("token").GetString()!)).IsValid);
    }

    [Fact]
    public async Task Post_PasswordGrantWithService_AnswersARegistryToken()
    {
        HttpResponseMessage response = await Client.PostRegistryTokenAsync(new()
        {
            ["grant_type"] = "password", ["username"] = "ADMIN", ["password"] = RegistryHost.AdminPassword,
            ["client_id"] = "docker", ["scope"] = PullPush,
        });

        JsonElement body = await response.TokenBodyAsync();
        TokenValidationResult result = await ValidateAsync(body.GetProperty("access_token").GetString()!);
        Assert.Equal([PullPush], ((JsonWebToken)result.SecurityToken).Access());
    }

    [Fact]
    public async Task Post_OfflineAccess_RefreshTokenGetsNewTokensUntilTheUserIsDisabled()
    {
        await CreateUserAsync("dave", "pw-dave-12345", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE puller");
        JsonElement first = await (await Client.PostRegistryTokenAsync(new()
        {
            ["grant_type"] = "password", ["username"] = "dave", ["password"] = "pw-dave-12345", ["access_type"] = "offline", ["scope"] = PullPush,
        })).TokenBodyAsync();
        string refresh = first.GetProperty("refresh_token").GetString()!;

        JsonElement renewed = await (await Client.PostRegistryTokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["scope"] = PullPush,
        })).TokenBodyAsync();
        TokenValidationResult result = await ValidateAsync(renewed.GetProperty("token").GetString()!);
        Assert.Equal(("DAVE", "repository:" + Image + ":pull"), (((JsonWebToken)result.SecurityToken).Subject, ((JsonWebToken)result.SecurityToken).Access().Single()));

        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await Client.SqlOkAsync(admin, "ALTER USER dave SET DISABLED = TRUE", RegistryHost.AccountHost);
        HttpResponseMessage refused = await Client.PostRegistryTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownRefreshToken_401()
    {
        HttpResponseMessage response = await Client.PostRegistryTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "floe-refresh-nope" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_MalformedScope_400()
    {
        HttpResponseMessage response = await Client.GetRegistryTokenAsync("ADMIN", RegistryHost.AdminPassword, ["repository:nothing"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed record JwtAnswer(JsonWebToken Jwt);

    private async Task<JwtAnswer> TokenAsync(string user, string secret, params string[] scopes)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, secret, scopes)).TokenBodyAsync();
        TokenValidationResult result = await ValidateAsync(body.GetProperty("token").GetString()!);
        Assert.True(result.IsValid, result.Exception?.Message);
        return new JwtAnswer((JsonWebToken)result.SecurityToken);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token)
    {
        RegistryKeySet keys = await _host.Service<RegistryTokenKeys, RegistryTokenKeys>().CurrentAsync(CancellationToken.None);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "floe", ValidAudience = Audience, IssuerSigningKeys = keys.Verifying, ValidAlgorithms = ["ES256"],
        });
    }

    /// <summary>A user with a password and a role <c>puller</c> that has USAGE on db and db.sch, plus <paramref name="grant"/>.</summary>
    private async Task CreateUserAsync(string user, string password, string? grant)
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await Client.SqlOkAsync(admin,
            $"CREATE USER {user} PASSWORD = '{password}'; CREATE ROLE IF NOT EXISTS puller; GRANT USAGE ON DATABASE db TO ROLE puller; " +
            $"GRANT USAGE ON SCHEMA db.sch TO ROLE puller; GRANT ROLE puller TO USER {user};" + (grant is null ? string.Empty : " " + grant + ";"),
            RegistryHost.AccountHost);
    }
}
