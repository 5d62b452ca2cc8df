using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>Users, roles, grants, tokens and policies never cross accounts.</summary>
public sealed class AccountIsolationTests : SecurityTests
{
    [Fact]
    public async Task SameNames_InTwoAccounts_AreDistinctObjects()
    {
        (AccountRecord other, SqlSession otherAdmin) = await Harness.SecondAccountAsync();

        await Harness.OkAsync(Harness.Admin, "CREATE USER bob COMMENT = 'dev'; CREATE ROLE team COMMENT = 'dev'");
        await Harness.OkAsync(otherAdmin, "CREATE USER bob COMMENT = 'other'; CREATE ROLE team COMMENT = 'other'");

        Assert.Equal("dev", (await Harness.UserRecordAsync("BOB"))!.Comment);
        Assert.Equal("other", (await Harness.UserRecordAsync("BOB", other))!.Comment);
        Assert.Equal("other", (await Harness.RoleRecordAsync("TEAM", other)).Comment);
    }

    [Fact]
    public async Task Users_OfAnotherAccount_AreInvisible()
    {
        (AccountRecord _, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.OkAsync(otherAdmin, "CREATE USER only_there");

        SqlError describe = await Harness.FailAsync(Harness.Admin, "DESCRIBE USER only_there");
        SqlError drop = await Harness.FailAsync(Harness.Admin, "DROP USER only_there");
        SqlStatementResult shown = await Harness.OkAsync(Harness.Admin, "SHOW USERS");

        Assert.Equal(("002003", "002003"), (describe.Code, drop.Code));
        Assert.DoesNotContain("ONLY_THERE", EngineHarness.Column(shown, "name"));
    }

    [Fact]
    public async Task Roles_OfAnotherAccount_AreInvisibleAndCannotBeGranted()
    {
        (AccountRecord other, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.OkAsync(otherAdmin, "CREATE ROLE only_there");
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlError grant = await Harness.FailAsync(Harness.Admin, "GRANT ROLE only_there TO USER bob");
        SqlError drop = await Harness.FailAsync(Harness.Admin, "DROP ROLE only_there");
        SqlError show = await Harness.FailAsync(Harness.Admin, "SHOW GRANTS OF ROLE only_there");

        Assert.Equal("SQL compilation error:\nRole 'ONLY_THERE' does not exist or not authorized.", grant.Message);
        Assert.Equal(("002003", "002003"), (drop.Code, show.Code));
        Assert.DoesNotContain("ONLY_THERE", EngineHarness.Column(await Harness.OkAsync(Harness.Admin, "SHOW ROLES"), "name"));
        Assert.NotNull(await Harness.Store.FindRoleAsync(other.Id, "ONLY_THERE", CancellationToken.None));
    }

    [Fact]
    public async Task Grants_OnSameNamedRoles_StayInTheirAccount()
    {
        (AccountRecord other, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.NewDatabaseAsync("D");
        RoleRecord sysadmin = await Harness.RoleRecordAsync("SYSADMIN", other);
        await Harness.Store.CreateDatabaseAsync(new NewDatabase(other.Id, "D", sysadmin.Id), CreateMode.FailIfExists, CancellationToken.None);
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; GRANT USAGE ON DATABASE d TO ROLE team");
        await Harness.OkAsync(otherAdmin, "CREATE ROLE team; GRANT CREATE SCHEMA ON DATABASE d TO ROLE team");

        var dev = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE team"));
        var there = Rows(await Harness.OkAsync(otherAdmin, "SHOW GRANTS TO ROLE team"));
        var onDatabase = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON DATABASE d"));

        Assert.Equal(["USAGE"], dev.Select(row => row["privilege"]));
        Assert.Equal(["CREATE SCHEMA"], there.Select(row => row["privilege"]));
        Assert.DoesNotContain(onDatabase, row => row["privilege"] == "CREATE SCHEMA");
    }

    [Fact]
    public async Task SecondAccountAdmin_ManagesGrantsOnlyInItsAccount()
    {
        (AccountRecord _, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE dev_role; CREATE USER dev_user");

        SqlError grant = await Harness.FailAsync(otherAdmin, "GRANT ROLE dev_role TO USER admin");
        SqlError alter = await Harness.FailAsync(otherAdmin, "ALTER USER dev_user SET DISABLED = TRUE");

        Assert.Equal(("002003", "002003"), (grant.Code, alter.Code));
        Assert.False((await Harness.UserRecordAsync("DEV_USER"))!.Disabled);
    }

    [Fact]
    public async Task TokensAndPolicies_OfAnotherAccount_AreInvisible()
    {
        (AccountRecord _, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "ALTER USER admin ADD PAT dev_token; CREATE AUTHENTICATION POLICY d.public.dev_policy");

        SqlStatementResult tokens = await Harness.OkAsync(otherAdmin, "SHOW USER PATS FOR USER admin");
        SqlStatementResult policies = await Harness.OkAsync(otherAdmin, "SHOW AUTHENTICATION POLICIES IN ACCOUNT");
        SqlError remove = await Harness.FailAsync(otherAdmin, "ALTER USER admin REMOVE PAT dev_token");

        Assert.Empty(tokens.Rows);
        Assert.Empty(policies.Rows);
        Assert.Equal("002003", remove.Code);
        Assert.Single((await Harness.OkAsync(Harness.Admin, "SHOW USER PATS")).Rows);
    }

    [Fact]
    public async Task CreateAccountPrivilege_ExistsOnlyInTheOrganizationsAccount()
    {
        (AccountRecord _, SqlSession otherAdmin) = await Harness.SecondAccountAsync();

        var devRoles = EngineHarness.Column(await Harness.OkAsync(Harness.Admin, "SHOW ROLES"), "name");
        var otherRoles = EngineHarness.Column(await Harness.OkAsync(otherAdmin, "SHOW ROLES"), "name");

        Assert.Contains("ORGADMIN", devRoles);
        Assert.DoesNotContain("ORGADMIN", otherRoles);
    }
}
