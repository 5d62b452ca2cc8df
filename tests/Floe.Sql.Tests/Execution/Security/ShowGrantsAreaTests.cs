using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>SHOW GRANTS ON / TO ROLE / TO USER / OF ROLE.</summary>
public sealed class ShowGrantsAreaTests : SecurityTests
{
    private static readonly string[] GrantColumns =
        ["created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by"];

    [Fact]
    public async Task ShowGrantsOnRepository_ListsOwnershipFirstWithQualifiedName()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.NewRepositoryAsync("D", "PUBLIC", "R");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller WITH GRANT OPTION");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON IMAGE REPOSITORY d.public.r");

        Assert.Equal(GrantColumns, ColumnNames(result));
        var rows = Rows(result);
        Assert.Equal(["OWNERSHIP", "READ"], rows.Select(row => row["privilege"]));
        Assert.Equal(("IMAGE_REPOSITORY", "D.PUBLIC.R", "ROLE", "SYSADMIN", "false"),
            (rows[0]["granted_on"], rows[0]["name"], rows[0]["granted_to"], rows[0]["grantee_name"], rows[0]["grant_option"]));
        Assert.Equal(("PULLER", "true", "ACCOUNTADMIN"), (rows[1]["grantee_name"], rows[1]["grant_option"], rows[1]["granted_by"]));
    }

    [Fact]
    public async Task ShowGrantsOnAccount_ListsTheSystemRolesAccountPrivileges()
    {
        var rows = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON ACCOUNT"));

        Assert.Contains(rows, row => (row["privilege"], row["grantee_name"], row["granted_on"], row["name"]) == ("MANAGE GRANTS", "SECURITYADMIN", "ACCOUNT", "DEV"));
        Assert.Contains(rows, row => (row["privilege"], row["grantee_name"]) == ("CREATE USER", "USERADMIN"));
        Assert.Contains(rows, row => (row["privilege"], row["grantee_name"]) == ("CREATE DATABASE", "SYSADMIN"));
    }

    [Fact]
    public async Task ShowGrantsOnSchemaAndDatabase_UseTheirQualifiedNames()
    {
        await Harness.NewDatabaseAsync("D");

        var schema = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON SCHEMA d.public"));
        var database = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON DATABASE d"));

        Assert.Equal(("SCHEMA", "D.PUBLIC"), (schema[0]["granted_on"], schema[0]["name"]));
        Assert.Equal(("DATABASE", "D"), (database[0]["granted_on"], database[0]["name"]));
    }

    [Fact]
    public async Task ShowGrantsToRole_ListsPrivilegesThenRolesGrantedToIt()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE child; CREATE ROLE parent; GRANT USAGE ON DATABASE d TO ROLE parent; GRANT ROLE child TO ROLE parent");

        var rows = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE parent"));

        Assert.Equal(2, rows.Count);
        Assert.Equal(("USAGE", "DATABASE", "D", "PARENT"), (rows[0]["privilege"], rows[0]["granted_on"], rows[0]["name"], rows[0]["grantee_name"]));
        Assert.Equal(("USAGE", "ROLE", "CHILD", "ROLE", "PARENT", "ACCOUNTADMIN"),
            (rows[1]["privilege"], rows[1]["granted_on"], rows[1]["name"], rows[1]["granted_to"], rows[1]["grantee_name"], rows[1]["granted_by"]));
    }

    [Fact]
    public async Task ShowGrantsToUser_ListsTheRolesGrantedToTheUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE a; CREATE ROLE b; CREATE USER bob; GRANT ROLE b TO USER bob; GRANT ROLE a TO USER bob");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO USER bob");

        Assert.Equal(GrantColumns, ColumnNames(result));
        var rows = Rows(result);
        Assert.Equal(["A", "B"], rows.Select(row => row["name"]));
        Assert.All(rows, row => Assert.Equal(("USAGE", "ROLE", "USER", "BOB", "ACCOUNTADMIN"),
            (row["privilege"], row["granted_on"], row["granted_to"], row["grantee_name"], row["granted_by"])));
    }

    [Fact]
    public async Task ShowGrantsToUser_Self_IsAllowed()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "TEAM");

        SqlStatementResult result = await Harness.OkAsync(carol, "SHOW GRANTS TO USER carol");

        Assert.Equal(["TEAM"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task ShowGrantsOfRole_HasSnowflakesColumnsAndListsRolesThenUsers()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; CREATE USER bob; GRANT ROLE team TO USER bob; GRANT ROLE team TO ROLE sysadmin");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW GRANTS OF ROLE team");

        Assert.Equal(["created_on", "role", "granted_to", "grantee_name", "granted_by"], ColumnNames(result));
        var rows = Rows(result);
        Assert.Equal([("TEAM", "ROLE", "SYSADMIN"), ("TEAM", "USER", "BOB")],
            rows.Select(row => (row["role"], row["granted_to"], row["grantee_name"])));
        Assert.All(rows, row => Assert.Equal("ACCOUNTADMIN", row["granted_by"]));
    }

    [Fact]
    public async Task ShowGrants_InvisibleTargets_Fail002003LikeMissingOnes()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE hidden; CREATE USER bob");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError database = await Harness.FailAsync(nobody, "SHOW GRANTS ON DATABASE d");
        SqlError role = await Harness.FailAsync(nobody, "SHOW GRANTS TO ROLE hidden");
        SqlError of = await Harness.FailAsync(nobody, "SHOW GRANTS OF ROLE hidden");
        SqlError user = await Harness.FailAsync(nobody, "SHOW GRANTS TO USER bob");
        SqlError missing = await Harness.FailAsync(Harness.Admin, "SHOW GRANTS ON DATABASE ghost");

        Assert.Equal("SQL compilation error:\nDatabase 'D' does not exist or not authorized.", database.Message);
        Assert.Equal("SQL compilation error:\nRole 'HIDDEN' does not exist or not authorized.", role.Message);
        Assert.Equal(role.Message, of.Message);
        Assert.Equal("SQL compilation error:\nUser 'BOB' does not exist or not authorized.", user.Message);
        Assert.Equal("SQL compilation error:\nDatabase 'GHOST' does not exist or not authorized.", missing.Message);
    }

    [Fact]
    public async Task ShowGrantsToRole_RoleTheSessionHolds_IsVisible()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "TEAM");

        SqlStatementResult result = await Harness.OkAsync(carol, "SHOW GRANTS TO ROLE team");

        Assert.Empty(result.Rows);
    }
}
