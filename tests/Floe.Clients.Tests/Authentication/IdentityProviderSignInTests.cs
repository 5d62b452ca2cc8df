using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Authentication;

/// <summary>
/// Sign-in through a real OpenID provider (npm <c>oidc-provider</c>, started by scripts/oidc.sh and named by
/// <c>FLOE_TEST_OIDC_ISSUER</c>): a CI client takes a JWT access token from the provider (client credentials,
/// resource indicator, <c>session:role:CI</c> scope), exchanges it at the real <c>floe serve</c> for a session,
/// and skopeo pushes and pulls with that session as <c>0sessiontoken</c>.
/// </summary>
public sealed class IdentityProviderSignInTests : IClassFixture<AccountRegistry>, IAsyncLifetime
{
    private const string Resource = TestProvider.Resource;

    private readonly AccountRegistry _registry;
    private OciLayout _layout = null!;

    public IdentityProviderSignInTests(AccountRegistry registry)
    {
        _registry = registry;
    }

    private static string Issuer => TestProvider.Issuer;

    public async Task InitializeAsync()
    {
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("v1", "amd64");
    }

    public Task DisposeAsync()
    {
        _layout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ProvidersToken_ExchangedForASession_SkopeoPushesAndPullsAs0sessiontoken()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.Floe.SqlAsync(
            "CREATE ROLE IF NOT EXISTS ci; CREATE USER IF NOT EXISTS ci_robot; GRANT ROLE ci TO USER ci_robot; " +
            string.Concat(AccountRegistry.Grants(repository, "WRITE").Select(grant => $"GRANT {grant} TO ROLE ci; ")) +
            "CREATE OR REPLACE SECURITY INTEGRATION company_idp TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
            $"EXTERNAL_OAUTH_ISSUER = '{Issuer}' EXTERNAL_OAUTH_JWS_KEYS_URL = '{Issuer}/jwks' EXTERNAL_OAUTH_AUDIENCE_LIST = ('{Resource}') " +
            "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'");
        string accessToken = await TestProvider.ClientCredentialsTokenAsync("session:role:CI");

        using JsonDocument session = JsonDocument.Parse(await _registry.SessionLoginAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = accessToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        }));
        string credentials = "0sessiontoken:" + session.RootElement.GetProperty("token").GetString();
        string image = $"docker://{_registry.Host}/{repository.Path}/app:v1";
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", credentials, $"oci:{_layout.Path}:v1", image);
        string pulled = await Tool.CheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", credentials, image);

        Assert.Equal(await _layout.ManifestBytesAsync("v1"), Encoding.UTF8.GetBytes(pulled));
    }

    [Fact]
    public async Task ProvidersToken_ForAUserFloeDoesNotKnow_Refused()
    {
        await _registry.Floe.SqlAsync(
            "CREATE OR REPLACE SECURITY INTEGRATION company_idp TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
            $"EXTERNAL_OAUTH_ISSUER = '{Issuer}' EXTERNAL_OAUTH_JWS_KEYS_URL = '{Issuer}/jwks' EXTERNAL_OAUTH_AUDIENCE_LIST = ('{Resource}') " +
            "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'client_id' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'; " +
            "DROP USER IF EXISTS ci_robot");
        string accessToken = await TestProvider.ClientCredentialsTokenAsync("session:role:CI");

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _registry.SessionLoginAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = accessToken,
        }));

        Assert.Contains("(401)", refused.Message, StringComparison.Ordinal);
    }
}
