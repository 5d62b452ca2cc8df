using System.Net;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// A node remembers the passwords it has verified (<see cref="VerifiedPasswords"/>), so repeated
/// registry-token requests skip PBKDF2. What a user relies on: after each kind of change — a new
/// password, a disabled or dropped user, a removed PAT — the very next request that presents the old
/// credential is refused, even though the same credential had just succeeded several times in a row.
/// </summary>
public sealed class RepeatedLoginTests : IAsyncLifetime
{
    private const string PullScope = "repository:" + RegistryHost.RepositoryPath + "/img:pull";
    private const string Password = "pw-repeated-12345";

    private RegistryHost _host = null!;
    private string _admin = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        _admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await SqlAsync($"CREATE USER fred PASSWORD = '{Password}'");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetToken_PasswordChangedAfterRepeatedLogins_OldPasswordRefusedNewAccepted()
    {
        await AssertAcceptedTwiceAsync("fred", Password);

        await SqlAsync("ALTER USER fred SET PASSWORD = 'pw-repeated-changed'");

        await AssertGenericRefusalAsync(await TokenAsync("fred", Password));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("fred", "pw-repeated-changed")).StatusCode);
    }

    [Theory]
    [InlineData("ALTER USER fred SET DISABLED = TRUE")]
    [InlineData("DROP USER fred")]
    public async Task GetToken_UserDisabledOrDroppedAfterRepeatedLogins_PasswordAndPatRefused(string change)
    {
        string pat = await AddPatAsync("fred", "t_repeat");
        await AssertAcceptedTwiceAsync("fred", Password);
        await AssertAcceptedTwiceAsync("fred", pat);

        await SqlAsync(change);

        await AssertGenericRefusalAsync(await TokenAsync("fred", Password));
        await AssertGenericRefusalAsync(await TokenAsync("fred", pat));
    }

    [Fact]
    public async Task GetToken_PatRemovedAfterRepeatedLogins_PatRefusedPasswordStillAccepted()
    {
        string pat = await AddPatAsync("fred", "t_removed");
        await AssertAcceptedTwiceAsync("fred", pat);

        await SqlAsync("ALTER USER fred REMOVE PROGRAMMATIC ACCESS TOKEN t_removed");

        await AssertGenericRefusalAsync(await TokenAsync("fred", pat));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("fred", Password)).StatusCode);
    }

    [Fact]
    public async Task GetToken_SessionEndedByDisablingAfterRepeatedUse_SessionTokenRefused()
    {
        string session = await Client.LoginAsync("fred", Password, RegistryHost.AccountHost);
        await AssertAcceptedTwiceAsync(BasicCredentials.SessionTokenUser, session);

        await SqlAsync("ALTER USER fred SET DISABLED = TRUE");

        await AssertGenericRefusalAsync(await TokenAsync(BasicCredentials.SessionTokenUser, session));
    }

    [Fact]
    public async Task GetToken_WrongPasswordAfterRightOne_Refused()
    {
        await AssertAcceptedTwiceAsync("fred", Password);

        await AssertGenericRefusalAsync(await TokenAsync("fred", Password + "x"));
        await AssertGenericRefusalAsync(await TokenAsync("FRED2", Password));
    }

    private async Task AssertAcceptedTwiceAsync(string user, string secret)
    {
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(user, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(user, secret)).StatusCode);
    }

    private Task<HttpResponseMessage> TokenAsync(string user, string secret) => Client.GetRegistryTokenAsync(user, secret, [PullScope]);

    private async Task<string> AddPatAsync(string user, string name) =>
        (await Client.SqlOkAsync(_admin, $"ALTER USER {user} ADD PROGRAMMATIC ACCESS TOKEN {name}", RegistryHost.AccountHost)).Rows()[0][1]!;

    private Task SqlAsync(string statements) => Client.SqlOkAsync(_admin, statements, RegistryHost.AccountHost);

    private static async Task AssertGenericRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(LoginVerifier.GenericFailure, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
