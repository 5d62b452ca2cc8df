using System.Net;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Sql;

public sealed class SessionLoginTests : IAsyncLifetime
{
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PasswordGrant_BootstrapAdmin_AnswersSessionToken()
    {
        HttpResponseMessage response = await Client.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("token").GetString()));
        Assert.Equal(3600, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task PasswordGrant_LoginNameInLowerCase_Succeeds()
    {
        HttpResponseMessage response = await Client.RequestTokenAsync("admin", RegistryHost.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PasswordGrant_WrongPasswordOrUnknownUser_SameGeneric401()
    {
        HttpResponseMessage wrongPassword = await Client.RequestTokenAsync("ADMIN", "not-the-password");
        HttpResponseMessage unknownUser = await Client.RequestTokenAsync("NOBODY", "whatever");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownUser.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PasswordGrant_RepeatedFailures_429WithRetryAfterEvenForTheRightPassword()
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RequestTokenAsync("ADMIN", "guess-" + attempt)).StatusCode);
        }

        HttpResponseMessage blocked = await Client.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(int.Parse(blocked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task PasswordGrant_OneUserThrottled_OtherUserFromSameAddressStillLogsIn()
    {
        await Client.SqlOkAsync(await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword), "CREATE USER other PASSWORD = 'other-password-1'");
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await Client.RequestTokenAsync("ADMIN", "guess-" + attempt);
        }

        HttpResponseMessage other = await Client.RequestTokenAsync("OTHER", "other-password-1");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task RegistryToken_RepeatedFailures_429()
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await _host.RawClient.GetRegistryTokenAsync("ADMIN", "guess-" + attempt, ["repository:db/sch/repo/img:pull"]);
        }

        HttpResponseMessage blocked = await _host.RawClient.GetRegistryTokenAsync("ADMIN", RegistryHost.AdminPassword, ["repository:db/sch/repo/img:pull"]);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

    [Fact]
    public async Task PasswordGrant_ScopeRoleGranted_SessionUsesIt()
    {
        HttpResponseMessage response = await Client.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword, "session:role:sysadmin");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string token = body.RootElement.GetProperty("token").GetString()!;

        JsonElement result = await Client.SqlOkAsync(token, "SELECT CURRENT_ROLE()");

        Assert.Equal("SYSADMIN", result.Rows()[0][0]);
    }

    [Fact]
    public async Task PasswordGrant_ScopeRoleNotGranted_IsRefusedClearly()
    {
        HttpResponseMessage response = await Client.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword, "session:role:NO_SUCH_ROLE");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not granted to this user", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grant_type=client_credentials&username=ADMIN&password=x")]
    [InlineData("grant_type=password&username=ADMIN")]
    [InlineData("username=ADMIN&password=x")]
    public async Task TokenRequest_Malformed_IsOAuthError(string form)
    {
        using StringContent content = new(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        HttpResponseMessage response = await Client.PostAsync("/oauth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task TokenRequest_OversizedBody_IsRefused()
    {
        using StringContent content = new("grant_type=password&username=ADMIN&password=" + new string('x', 100_000), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        HttpResponseMessage response = await Client.PostAsync("/oauth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
