using System.Net;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// Where each login method is refused: authentication policies on the account and
/// on a user, at both doors — the session login (<c>POST /oauth/token</c> without <c>service</c>) and the
/// registry-token flow (<c>GET /oauth/token</c> with Basic) — and a disabled user, whose password, PAT
/// and already-issued session token all stop working.
/// </summary>
public sealed class LoginRefusalTests : IAsyncLifetime
{
    private const string PullPush = "repository:" + RegistryHost.RepositoryPath + "/img:pull,push";
    private const string Password = "pw-refusals-12345";

    private RegistryHost _host = null!;
    private string _admin = null!;

    /// <summary>How a credential is presented.</summary>
    public enum Door
    {
        SessionLogin,
        RegistryToken,
    }

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        _admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await SqlAsync(
            "CREATE DATABASE pol; CREATE SCHEMA pol.sch; " +
            "CREATE AUTHENTICATION POLICY pol.sch.pat_only AUTHENTICATION_METHODS = ('PROGRAMMATIC_ACCESS_TOKEN'); " +
            "CREATE AUTHENTICATION POLICY pol.sch.password_only AUTHENTICATION_METHODS = ('PASSWORD'); " +
            $"CREATE USER dana PASSWORD = '{Password}'; CREATE USER erin PASSWORD = '{Password}';");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(Door.SessionLogin)]
    [InlineData(Door.RegistryToken)]
    public async Task AccountPolicyWithoutPassword_PasswordRefusedClearly_PatAccepted_UserPolicyOverrides(Door door)
    {
        string pat = await AddPatAsync("dana");
        await SqlAsync("ALTER ACCOUNT SET AUTHENTICATION POLICY pol.sch.pat_only; ALTER USER erin SET AUTHENTICATION POLICY pol.sch.password_only;");

        HttpResponseMessage refused = await PresentAsync(door, "dana", Password);
        HttpResponseMessage accepted = await PresentAsync(door, "dana", pat);
        HttpResponseMessage userPolicy = await PresentAsync(door, "erin", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Authentication policy PAT_ONLY does not allow PASSWORD authentication for user DANA", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, userPolicy.StatusCode);
    }

    [Theory]
    [InlineData(Door.SessionLogin)]
    [InlineData(Door.RegistryToken)]
    public async Task UserPolicyWithoutPat_PatRefusedClearly_PasswordAccepted(Door door)
    {
        string pat = await AddPatAsync("erin");
        await SqlAsync("ALTER USER erin SET AUTHENTICATION POLICY pol.sch.password_only;");

        HttpResponseMessage refused = await PresentAsync(door, "erin", pat);
        HttpResponseMessage accepted = await PresentAsync(door, "erin", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("does not allow PROGRAMMATIC_ACCESS_TOKEN authentication for user ERIN", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task DisabledUser_PasswordPatAndLiveSessionAllRefused_EnabledAgainTheyWork()
    {
        string pat = await AddPatAsync("dana");
        string session = await Client.LoginAsync("dana", Password, RegistryHost.AccountHost);

        await SqlAsync("ALTER USER dana SET DISABLED = TRUE");

        foreach (Door door in Enum.GetValues<Door>())
        {
            await AssertGenericRefusalAsync(await PresentAsync(door, "dana", Password));
            await AssertGenericRefusalAsync(await PresentAsync(door, "dana", pat));
        }

        await AssertGenericRefusalAsync(await PresentAsync(Door.RegistryToken, BasicCredentials.SessionTokenUser, session));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SqlAsync(session, "SELECT CURRENT_USER()", host: RegistryHost.AccountHost)).StatusCode);

        await SqlAsync("ALTER USER dana SET DISABLED = FALSE");
        Assert.Equal(HttpStatusCode.OK, (await PresentAsync(Door.SessionLogin, "dana", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PresentAsync(Door.RegistryToken, "dana", pat)).StatusCode);
    }

    private Task<HttpResponseMessage> PresentAsync(Door door, string user, string secret) => door == Door.SessionLogin
        ? Client.RequestTokenAsync(user, secret, host: RegistryHost.AccountHost)
        : Client.GetRegistryTokenAsync(user, secret, [PullPush]);

    private async Task<string> AddPatAsync(string user) =>
        (await Client.SqlOkAsync(_admin, $"ALTER USER {user} ADD PROGRAMMATIC ACCESS TOKEN t_{Guid.NewGuid():N}", RegistryHost.AccountHost)).Rows()[0][1]!;

    private Task SqlAsync(string statements) => Client.SqlOkAsync(_admin, statements, RegistryHost.AccountHost);

    private static async Task AssertGenericRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(LoginVerifier.GenericFailure, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
