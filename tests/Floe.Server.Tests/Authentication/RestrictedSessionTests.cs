using System.Net;
using System.Text.Json;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// A session opened with a role-restricted programmatic access token stays within the
/// restriction role's hierarchy: in SQL, whatever USE ROLE / USE SECONDARY ROLES it runs, and at the registry.
/// </summary>
public sealed class RestrictedSessionTests : IAsyncLifetime
{
    private const string Password = "pw-alice-12345";
    private const string Allowed = RegistryHost.RepositoryPath + "/img";
    private const string Outside = "db/sch/other/img";

    private RegistryHost _host = null!;
    private string _pat = null!;

    private HttpClient Client => _host.Client;

    /// <summary>
    /// ALICE holds DEPLOYER (READ on db.sch.repo) and OPS (READ on db.sch.other, USAGE on database
    /// secret); her token CI is restricted to DEPLOYER.
    /// </summary>
    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        await _host.CreateRepositoryAsync("db/sch/other");
        await AdminSqlAsync(
            $"CREATE USER alice PASSWORD = '{Password}'; CREATE DATABASE secret; " +
            "CREATE ROLE deployer; GRANT USAGE ON DATABASE db TO ROLE deployer; GRANT USAGE ON SCHEMA db.sch TO ROLE deployer; " +
            "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE deployer; GRANT ROLE deployer TO USER alice; " +
            "CREATE ROLE ops; GRANT USAGE ON DATABASE db TO ROLE ops; GRANT USAGE ON SCHEMA db.sch TO ROLE ops; " +
            "GRANT READ ON IMAGE REPOSITORY db.sch.other TO ROLE ops; GRANT USAGE ON DATABASE secret TO ROLE ops; GRANT ROLE ops TO USER alice");
        JsonElement added = await AdminSqlAsync("ALTER USER alice ADD PROGRAMMATIC ACCESS TOKEN ci ROLE_RESTRICTION = 'deployer'");
        _pat = added.Rows()[0][1]!;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RestrictedSession_StartsInTheRestrictionRole()
    {
        string session = await Client.LoginAsync("alice", _pat, RegistryHost.AccountHost);

        Assert.Equal("DEPLOYER", (await Client.SqlOkAsync(session, "SELECT CURRENT_ROLE()", RegistryHost.AccountHost)).Rows()[0][0]);
    }

    [Fact]
    public async Task UseRole_OutsideTheRestriction_SqlErrorAndRoleUnchanged()
    {
        string session = await Client.LoginAsync("alice", _pat, RegistryHost.AccountHost);

        HttpResponseMessage refused = await Client.SqlAsync(session, "USE ROLE ops", host: RegistryHost.AccountHost);

        string text = await refused.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("does not exist or not authorized", text, StringComparison.Ordinal);
        Assert.Equal("DEPLOYER", (await Client.SqlOkAsync(session, "SELECT CURRENT_ROLE()", RegistryHost.AccountHost)).Rows()[0][0]);
    }

    [Fact]
    public async Task UseRole_BelowTheRestriction_Allowed()
    {
        string session = await Client.LoginAsync("alice", _pat, RegistryHost.AccountHost);

        await Client.SqlOkAsync(session, "USE ROLE public", RegistryHost.AccountHost);

        Assert.Equal("PUBLIC", (await Client.SqlOkAsync(session, "SELECT CURRENT_ROLE()", RegistryHost.AccountHost)).Rows()[0][0]);
    }

    [Fact]
    public async Task SecondaryRolesAll_StillCannotReachWhatOnlyOtherRolesHold()
    {
        string unrestricted = await Client.LoginAsync("alice", Password, RegistryHost.AccountHost);
        await Client.SqlOkAsync(unrestricted, "USE DATABASE secret", RegistryHost.AccountHost);
        string session = await Client.LoginAsync("alice", _pat, RegistryHost.AccountHost);

        await Client.SqlOkAsync(session, "USE SECONDARY ROLES ALL", RegistryHost.AccountHost);
        HttpResponseMessage refused = await Client.SqlAsync(session, "USE DATABASE secret", host: RegistryHost.AccountHost);

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("does not exist or not authorized", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeRoleOutsideTheRestriction_LoginRefused()
    {
        HttpResponseMessage response = await Client.RequestTokenAsync("alice", _pat, "session:role:ops", RegistryHost.AccountHost);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_scope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RegistryViaSessionToken_LimitedToTheRestriction(bool secondaryRolesAll)
    {
        string session = await Client.LoginAsync("alice", _pat, RegistryHost.AccountHost);
        if (secondaryRolesAll)
        {
            await Client.SqlOkAsync(session, "USE SECONDARY ROLES ALL", RegistryHost.AccountHost);
        }

        JsonElement body = await (await Client.GetRegistryTokenAsync(
            BasicCredentials.SessionTokenUser, session, [$"repository:{Allowed}:pull", $"repository:{Outside}:pull"])).TokenBodyAsync();

        Assert.Equal([$"repository:{Allowed}:pull"], new JsonWebToken(body.GetProperty("token").GetString()!).Access());
    }

    [Fact]
    public async Task RegistryViaUnrestrictedSession_ReachesEveryRole()
    {
        string session = await Client.LoginAsync("alice", Password, RegistryHost.AccountHost);

        JsonElement body = await (await Client.GetRegistryTokenAsync(
            BasicCredentials.SessionTokenUser, session, [$"repository:{Allowed}:pull", $"repository:{Outside}:pull"])).TokenBodyAsync();

        Assert.Equal(2, new JsonWebToken(body.GetProperty("token").GetString()!).Access().Length);
    }

    private async Task<JsonElement> AdminSqlAsync(string sql)
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        return await Client.SqlOkAsync(admin, sql, RegistryHost.AccountHost);
    }
}
