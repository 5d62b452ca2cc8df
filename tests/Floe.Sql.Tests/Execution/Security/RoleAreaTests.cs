using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>CREATE ROLE, DROP ROLE, SHOW ROLES.</summary>
public sealed class RoleAreaTests : SecurityTests
{
    [Fact]
    public async Task CreateRole_AsAccountAdmin_IsOwnedByThePrimaryRole()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "CREATE ROLE analyst COMMENT = 'reads'");

        Assert.Equal("Role ANALYST successfully created.", result.Rows[0][0]);
        RoleRecord role = await Harness.RoleRecordAsync("ANALYST");
        Assert.Equal(("ACCOUNTADMIN", "reads", false), (role.Owner, role.Comment, role.IsSystem));
        Assert.True(await Harness.RoleHasAsync("ACCOUNTADMIN", SecurableObject.Role(role.Id), Privilege.Ownership));
    }

    [Fact]
    public async Task CreateRole_AsUserAdmin_IsOwnedByUserAdmin()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);

        await Harness.OkAsync(userAdmin, "CREATE ROLE analyst");

        Assert.Equal("USERADMIN", (await Harness.RoleRecordAsync("ANALYST")).Owner);
    }

    [Fact]
    public async Task CreateRole_PublicOnly_Fails003001()
    {
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError error = await Harness.FailAsync(nobody, "CREATE ROLE analyst");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on account 'DEV'", error.Message);
        Assert.Null(await Harness.Store.FindRoleAsync(Harness.Account.Id, "ANALYST", CancellationToken.None));
    }

    [Fact]
    public async Task CreateRole_Existing_Fails002002AndIfNotExistsSucceeds()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE analyst");

        SqlError error = await Harness.FailAsync(Harness.Admin, "CREATE ROLE analyst");
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "CREATE ROLE IF NOT EXISTS analyst");

        Assert.Equal("SQL compilation error:\nObject 'ANALYST' already exists.", error.Message);
        Assert.Equal("ANALYST already exists, statement succeeded.", result.Rows[0][0]);
    }

    [Fact]
    public async Task CreateRole_OrReplace_ReplacesIt()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE analyst COMMENT = 'old'");

        await Harness.OkAsync(Harness.Admin, "CREATE OR REPLACE ROLE analyst COMMENT = 'new'");

        Assert.Equal("new", (await Harness.RoleRecordAsync("ANALYST")).Comment);
    }

    [Theory]
    [InlineData("ACCOUNTADMIN")]
    [InlineData("PUBLIC")]
    [InlineData("SYSADMIN")]
    public async Task CreateRole_OrReplaceSystemRole_IsRefused(string role)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, $"CREATE OR REPLACE ROLE {role}");

        Assert.Equal(("002043", "22023"), (error.Code, error.SqlState));
        Assert.Contains("system role", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ACCOUNTADMIN")]
    [InlineData("SECURITYADMIN")]
    [InlineData("USERADMIN")]
    [InlineData("SYSADMIN")]
    [InlineData("PUBLIC")]
    [InlineData("ORGADMIN")]
    public async Task DropRole_SystemRole_IsRefusedAndTheRoleStays(string role)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, $"DROP ROLE {role}");

        Assert.Equal("SQL compilation error:\nRole " + role + " is a system role; it cannot be dropped or replaced.", error.Message);
        Assert.NotNull(await Harness.Store.FindRoleAsync(Harness.Account.Id, role, CancellationToken.None));
    }

    [Fact]
    public async Task DropRole_Owned_DropsItAndItsObjectsPassToThePrimaryRole()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; GRANT CREATE USER ON ACCOUNT TO ROLE team; GRANT ROLE team TO USER ua");
        await Harness.OkAsync(userAdmin with { Role = "TEAM" }, "CREATE USER bob");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "DROP ROLE team");

        Assert.Equal("TEAM successfully dropped.", result.Rows[0][0]);
        Assert.Null(await Harness.Store.FindRoleAsync(Harness.Account.Id, "TEAM", CancellationToken.None));
        Assert.Equal("ACCOUNTADMIN", (await Harness.UserRecordAsync("BOB"))!.Owner);
    }

    [Fact]
    public async Task DropRole_CurrentPrimaryRole_IsRefusedWithSnowflakesMessage()
    {
        SqlSession session = await Harness.UserWithRoleAsync("CAROL", "TEAM");
        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON ROLE team TO ROLE team");

        SqlError error = await Harness.FailAsync(session, "DROP ROLE team");

        Assert.Equal("SQL compilation error:\nCannot drop role TEAM as it is the current primary role.", error.Message);
    }

    [Fact]
    public async Task DropRole_NotOwnedButVisible_Fails003001()
    {
        SqlSession session = await Harness.UserWithRoleAsync("CAROL", "TEAM");

        SqlError error = await Harness.FailAsync(session, "DROP ROLE team");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on role 'TEAM'", error.Message);
    }

    [Fact]
    public async Task DropRole_MissingOrInvisible_Fails002003AndIfExistsSucceeds()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE hidden");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError invisible = await Harness.FailAsync(nobody, "DROP ROLE hidden");
        SqlError missing = await Harness.FailAsync(Harness.Admin, "DROP ROLE ghost");
        SqlStatementResult ifExists = await Harness.OkAsync(Harness.Admin, "DROP ROLE IF EXISTS ghost");

        Assert.Equal("SQL compilation error:\nRole 'HIDDEN' does not exist or not authorized.", invisible.Message);
        Assert.Equal("SQL compilation error:\nRole 'GHOST' does not exist or not authorized.", missing.Message);
        Assert.Equal("Drop statement executed successfully (GHOST already dropped).", ifExists.Rows[0][0]);
    }

    [Fact]
    public async Task ShowRoles_Columns_AreExactlyTheContractsInOrder()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW ROLES");

        Assert.Equal(
            ["created_on", "name", "is_default", "is_current", "is_inherited", "granted_to_roles", "granted_roles", "owner", "comment"],
            ColumnNames(result));
    }

    [Fact]
    public async Task ShowRoles_AccountAdmin_SeesEveryRoleWithFlagsForTheSession()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE analyst COMMENT = 'reads'; GRANT ROLE analyst TO ROLE sysadmin");

        var rows = Rows(await Harness.OkAsync(Harness.Admin, "SHOW ROLES")).ToDictionary(row => row["name"]!);

        Assert.Equal(["ACCOUNTADMIN", "ANALYST", "ORGADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Y", "Y", "N"), (rows["ACCOUNTADMIN"]["is_default"], rows["ACCOUNTADMIN"]["is_current"], rows["ACCOUNTADMIN"]["is_inherited"]));
        Assert.Equal(("N", "N", "Y"), (rows["SYSADMIN"]["is_default"], rows["SYSADMIN"]["is_current"], rows["SYSADMIN"]["is_inherited"]));
        Assert.Equal("Y", rows["ANALYST"]["is_inherited"]);
        Assert.Equal("N", rows["ORGADMIN"]["is_inherited"]);
        Assert.Equal(("1", "0", "ACCOUNTADMIN", "reads"),
            (rows["ANALYST"]["granted_to_roles"], rows["ANALYST"]["granted_roles"], rows["ANALYST"]["owner"], rows["ANALYST"]["comment"]));
        Assert.Equal(("0", "2"), (rows["ACCOUNTADMIN"]["granted_to_roles"], rows["ACCOUNTADMIN"]["granted_roles"]));
    }

    [Fact]
    public async Task ShowRoles_PlainRole_SeesOnlyTheRolesItHolds()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE other");
        SqlSession session = await Harness.UserWithRoleAsync("CAROL", "TEAM");

        SqlStatementResult result = await Harness.OkAsync(session, "SHOW ROLES");

        Assert.Equal(["PUBLIC", "TEAM"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task ShowRoles_Like_Filters()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW ROLES LIKE '%admin'");

        Assert.Equal(["ACCOUNTADMIN", "ORGADMIN", "SECURITYADMIN", "SYSADMIN", "USERADMIN"], EngineHarness.Column(result, "name"));
    }
}
