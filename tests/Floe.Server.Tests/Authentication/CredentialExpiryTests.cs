using System.Net;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// Every credential stops working when it expires, by the server's clock —
/// a fake one here, moved past the end of each lifetime: programmatic access tokens (<c>DAYS_TO_EXPIRY</c>),
/// session tokens (one hour) on the SQL API and as <c>0sessiontoken</c>, and refresh tokens (90 days).
/// </summary>
public sealed class CredentialExpiryTests : IAsyncLifetime
{
    private const string PullPush = "repository:" + RegistryHost.RepositoryPath + "/img:pull,push";
    private const string Password = "pw-expiring-12345";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private RegistryHost _host = null!;
    private string _admin = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync(clock: _clock);
        _admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await Client.SqlOkAsync(_admin, $"CREATE USER carol PASSWORD = '{Password}'", RegistryHost.AccountHost);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ProgrammaticAccessToken_WorksUntilItsLastDay_ThenIsRefusedEverywhere()
    {
        string pat = (await Client.SqlOkAsync(_admin, "ALTER USER carol ADD PROGRAMMATIC ACCESS TOKEN laptop DAYS_TO_EXPIRY = 1", RegistryHost.AccountHost)).Rows()[0][1]!;

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetRegistryTokenAsync("carol", pat, [PullPush])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.RequestTokenAsync("carol", pat, host: RegistryHost.AccountHost)).StatusCode);

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await AssertGenericRefusalAsync(await Client.GetRegistryTokenAsync("carol", pat, [PullPush]));
        await AssertGenericRefusalAsync(await Client.RequestTokenAsync("carol", pat, host: RegistryHost.AccountHost));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetRegistryTokenAsync("carol", Password, [PullPush])).StatusCode);
    }

    [Fact]
    public async Task SessionToken_AfterItsHour_RefusedOnTheSqlApiAndAs0sessiontoken()
    {
        string session = await Client.LoginAsync("carol", Password, RegistryHost.AccountHost);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await Client.SqlAsync(session, "SELECT CURRENT_USER()", host: RegistryHost.AccountHost)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetRegistryTokenAsync(BasicCredentials.SessionTokenUser, session, [PullPush])).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SqlAsync(session, "SELECT CURRENT_USER()", host: RegistryHost.AccountHost)).StatusCode);
        await AssertGenericRefusalAsync(await Client.GetRegistryTokenAsync(BasicCredentials.SessionTokenUser, session, [PullPush]));
    }

    [Fact]
    public async Task RefreshToken_After90Days_Refused()
    {
        HttpResponseMessage first = await Client.PostRegistryTokenAsync(new()
        {
            ["grant_type"] = "password", ["username"] = "carol", ["password"] = Password,
            ["scope"] = PullPush, ["access_type"] = "offline", ["client_id"] = "docker",
        });
        string refresh = (await first.TokenBodyAsync()).GetProperty("refresh_token").GetString()!;

        _clock.Advance(TimeSpan.FromDays(89));
        Assert.Equal(HttpStatusCode.OK, (await Refresh(refresh)).StatusCode);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        HttpResponseMessage refused = await Refresh(refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("\"error\":", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Task<HttpResponseMessage> Refresh(string token) =>
            Client.PostRegistryTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = token, ["scope"] = PullPush, ["client_id"] = "docker" });
    }

    private static async Task AssertGenericRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(LoginVerifier.GenericFailure, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
