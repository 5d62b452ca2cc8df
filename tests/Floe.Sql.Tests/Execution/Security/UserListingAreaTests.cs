using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>SHOW USERS and DESCRIBE USER.</summary>
public sealed class UserListingAreaTests : SecurityTests
{
    [Fact]
    public async Task ShowUsers_Columns_AreExactlyTheContractsInOrder()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW USERS");

        Assert.Equal(
            ["name", "created_on", "login_name", "type", "disabled", "default_role", "has_password", "has_rsa_public_key", "comment"],
            ColumnNames(result));
    }

    [Fact]
    public async Task ShowUsers_Values_DescribeEachUser()
    {
        await Harness.OkAsync(Harness.Admin,
            $"CREATE USER bob PASSWORD = 'pw-1234567' DEFAULT_ROLE = analyst DISABLED = TRUE COMMENT = 'hi' RSA_PUBLIC_KEY = '{UserAreaTests.NewRsaKeyBody()}'; "
            + "CREATE USER robot TYPE = SERVICE");

        var rows = Rows(await Harness.OkAsync(Harness.Admin, "SHOW USERS"));

        Assert.Equal(["ADMIN", "BOB", "ROBOT"], rows.Select(row => row["name"]));
        var bob = rows[1];
        Assert.Equal(("BOB", "PERSON", "true", "ANALYST", "true", "true", "hi"),
            (bob["login_name"], bob["type"], bob["disabled"], bob["default_role"], bob["has_password"], bob["has_rsa_public_key"], bob["comment"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", bob["created_on"]);
        var robot = rows[2];
        Assert.Equal(("SERVICE", "false", "false", "false", null), (robot["type"], robot["disabled"], robot["has_password"], robot["has_rsa_public_key"], robot["comment"]));
    }

    [Fact]
    public async Task ShowUsers_Like_FiltersByNameCaseInsensitively()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER build_a; CREATE USER build_b; CREATE USER other");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW USERS LIKE 'build%'");

        Assert.Equal(["BUILD_A", "BUILD_B"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task ShowUsers_RoleWithoutPrivileges_SeesOnlyItsOwnUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlStatementResult result = await Harness.OkAsync(nobody, "SHOW USERS");

        Assert.Equal(["NOBODY"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task ShowUsers_UserAdmin_SeesTheUsersItOwns()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE USER mine");

        SqlStatementResult result = await Harness.OkAsync(userAdmin, "SHOW USERS");

        Assert.Equal(["MINE", "UA"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task ShowUsers_ManageGrants_SeesEveryUser()
    {
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        SqlStatementResult result = await Harness.OkAsync(securityAdmin, "SHOW USERS");

        Assert.Equal(["ADMIN", "SA"], EngineHarness.Column(result, "name"));
    }

    [Fact]
    public async Task DescribeUser_Shape_IsSnowflakesPropertyRows()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob PASSWORD = 'pw-1234567' DEFAULT_ROLE = analyst COMMENT = 'hi' EMAIL = 'Bob@Example.com'");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "DESC USER bob");

        Assert.Equal(["property", "value", "default", "description"], ColumnNames(result));
        Dictionary<string, string?> values = result.Rows.ToDictionary(row => row[0]!, row => row[1]);
        Assert.Equal(
            ["NAME", "LOGIN_NAME", "TYPE", "DISABLED", "DEFAULT_ROLE", "HAS_PASSWORD", "RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_FP", "COMMENT",
             "EMAIL", "AUTHENTICATION_POLICY", "OWNER", "CREATED_ON"],
            values.Keys);
        Assert.Equal(("BOB", "BOB", "PERSON", "false", "ANALYST", "true", "hi", "ACCOUNTADMIN"),
            (values["NAME"], values["LOGIN_NAME"], values["TYPE"], values["DISABLED"], values["DEFAULT_ROLE"], values["HAS_PASSWORD"],
             values["COMMENT"], values["OWNER"]));
        Assert.Null(values["RSA_PUBLIC_KEY_FP"]);
        Assert.Equal("Bob@Example.com", values["EMAIL"]);
        Assert.DoesNotContain(result.Rows.SelectMany(row => row), value => value?.Contains("pw-1234567", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task DescribeUser_Self_IsAllowedWithoutPrivileges()
    {
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlStatementResult result = await Harness.OkAsync(nobody, "DESCRIBE USER nobody");

        Assert.Equal("NOBODY", result.Rows[0][1]);
    }

    [Fact]
    public async Task DescribeUser_InvisibleOrMissing_Fails002003()
    {
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError invisible = await Harness.FailAsync(nobody, "DESCRIBE USER admin");
        SqlError missing = await Harness.FailAsync(Harness.Admin, "DESCRIBE USER ghost");

        Assert.Equal("SQL compilation error:\nUser 'ADMIN' does not exist or not authorized.", invisible.Message);
        Assert.Equal("SQL compilation error:\nUser 'GHOST' does not exist or not authorized.", missing.Message);
    }
}
