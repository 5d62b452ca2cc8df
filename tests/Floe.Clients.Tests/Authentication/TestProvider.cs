using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Floe.Clients.Tests.Authentication;

/// <summary>
/// The test identity provider (npm <c>oidc-provider</c>, started by scripts/oidc.sh): where it is, the audience of
/// its access tokens, and tokens of its CI client.
/// </summary>
public static class TestProvider
{
    /// <summary>The provider's issuer URL (its keys are at <c>/jwks</c>).</summary>
    public static string Issuer => Environment.GetEnvironmentVariable("FLOE_TEST_OIDC_ISSUER")
        ?? throw new InvalidOperationException("FLOE_TEST_OIDC_ISSUER is not set: start the provider with eval \"$(scripts/oidc.sh up)\" (scripts/test.sh does)");

    /// <summary>The audience of the provider's access tokens (its resource indicator for Floe).</summary>
    public const string Resource = "https://floe.test";

    /// <summary>An access token of the provider for the CI client: client credentials for Floe's resource.</summary>
    public static async Task<string> ClientCredentialsTokenAsync(string scope)
    {
        using HttpClient client = new();
        using HttpRequestMessage request = new(HttpMethod.Post, Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = Resource,
                ["scope"] = scope,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ci_robot:ci-robot-secret")));
        HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using JsonDocument token = JsonDocument.Parse(body);
        return token.RootElement.GetProperty("access_token").GetString()!;
    }
}
