using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>
/// Each access-control statement run as roles that may run it and as roles that may not. The
/// refused runs must change nothing: the privilege check comes before any change.
/// Roles: the system roles; OWNER_ROLE, which owns every target object (and is granted to ACCOUNTADMIN,
/// as Snowflake recommends for custom roles, so ACCOUNTADMIN inherits the ownership); MANAGER, which holds MANAGE
/// GRANTS; READER, which may use D and D.PUBLIC and read and write the repository; FRESH, a new role
/// holding nothing (its user has only FRESH and PUBLIC). Lacking USAGE on a container answers 002003
/// before any privilege is looked at, as in Snowflake.
/// </summary>
public sealed class AccessControlMatrixTests : SecurityTests
{
    private const string Repository = "IMAGE REPOSITORY d.public.r";

    public static TheoryData<string, string> Allowed => new()
    {
        { "ACCOUNTADMIN", "CREATE USER new_user" },
        { "SECURITYADMIN", "CREATE USER new_user" },
        { "USERADMIN", "CREATE USER new_user" },
        { "ACCOUNTADMIN", "ALTER USER target_user SET COMMENT = 'x'" },
        { "OWNER_ROLE", "ALTER USER target_user SET COMMENT = 'x'" },
        { "OWNER_ROLE", "DROP USER target_user" },
        { "ACCOUNTADMIN", "DROP USER target_user" },
        { "OWNER_ROLE", "ALTER USER target_user ADD PAT t" },
        { "ACCOUNTADMIN", "ALTER USER target_user ADD PAT t" },
        { "OWNER_ROLE", "SHOW USER PATS FOR USER target_user" },
        { "ACCOUNTADMIN", "CREATE ROLE new_role" },
        { "SECURITYADMIN", "CREATE ROLE new_role" },
        { "USERADMIN", "CREATE ROLE new_role" },
        { "OWNER_ROLE", "DROP ROLE target_role" },
        { "ACCOUNTADMIN", "DROP ROLE target_role" },
        { "OWNER_ROLE", "GRANT ROLE target_role TO USER target_user" },
        { "MANAGER", "GRANT ROLE target_role TO USER target_user" },
        { "SECURITYADMIN", "GRANT ROLE target_role TO USER target_user" },
        { "ACCOUNTADMIN", "GRANT ROLE target_role TO USER target_user" },
        { "OWNER_ROLE", "REVOKE ROLE target_role FROM ROLE sysadmin" },
        { "MANAGER", "REVOKE ROLE target_role FROM ROLE sysadmin" },
        { "OWNER_ROLE", $"GRANT READ ON {Repository} TO ROLE target_role" },
        { "MANAGER", $"GRANT READ ON {Repository} TO ROLE target_role" },
        { "SECURITYADMIN", $"GRANT READ ON {Repository} TO ROLE target_role" },
        { "ACCOUNTADMIN", $"GRANT READ ON {Repository} TO ROLE target_role" },
        { "OWNER_ROLE", $"REVOKE WRITE ON {Repository} FROM ROLE reader" },
        { "MANAGER", $"REVOKE WRITE ON {Repository} FROM ROLE reader" },
        { "OWNER_ROLE", $"GRANT OWNERSHIP ON {Repository} TO ROLE target_role COPY CURRENT GRANTS" },
        { "MANAGER", $"GRANT OWNERSHIP ON {Repository} TO ROLE target_role REVOKE CURRENT GRANTS" },
        { "MANAGER", "GRANT CREATE USER ON ACCOUNT TO ROLE target_role" },
        { "SECURITYADMIN", "GRANT CREATE USER ON ACCOUNT TO ROLE target_role" },
        { "SYSADMIN", "GRANT USAGE ON DATABASE d TO ROLE target_role" },
        { "SYSADMIN", "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE target_role" },
        { "MANAGER", "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE target_role" },
        { "OWNER_ROLE", $"SHOW GRANTS ON {Repository}" },
        { "MANAGER", "SHOW GRANTS OF ROLE target_role" },
        { "SYSADMIN", "CREATE AUTHENTICATION POLICY d.public.new_policy" },
        { "ACCOUNTADMIN", "CREATE AUTHENTICATION POLICY d.public.new_policy" },
        { "OWNER_ROLE", "DROP AUTHENTICATION POLICY d.public.p" },
        { "ACCOUNTADMIN", "ALTER ACCOUNT SET AUTHENTICATION POLICY d.public.p" },
        { "ACCOUNTADMIN", "ALTER USER target_user SET AUTHENTICATION POLICY d.public.p" },
        { "OWNER_ROLE", "ALTER USER target_user SET AUTHENTICATION POLICY d.public.p" },
    };

    public static TheoryData<string, string, string> Refused => new()
    {
        { "FRESH", "CREATE USER new_user", "003001" },
        { "SYSADMIN", "CREATE USER new_user", "003001" },
        { "FRESH", "ALTER USER target_user SET COMMENT = 'x'", "002003" },
        { "MANAGER", "ALTER USER target_user SET COMMENT = 'x'", "003001" },
        { "FRESH", "DROP USER target_user", "002003" },
        { "SECURITYADMIN", "DROP USER target_user", "003001" },
        { "FRESH", "ALTER USER target_user ADD PAT t", "002003" },
        { "MANAGER", "ALTER USER target_user ADD PAT t", "003001" },
        { "FRESH", "ALTER USER target_user REMOVE PAT existing", "002003" },
        { "FRESH", "SHOW USER PATS FOR USER target_user", "002003" },
        { "FRESH", "CREATE ROLE new_role", "003001" },
        { "SYSADMIN", "CREATE ROLE new_role", "003001" },
        { "FRESH", "DROP ROLE target_role", "002003" },
        { "MANAGER", "DROP ROLE target_role", "003001" },
        { "FRESH", "GRANT ROLE target_role TO USER target_user", "002003" },
        { "USERADMIN", "GRANT ROLE target_role TO USER target_user", "002003" },
        { "FRESH", "REVOKE ROLE target_role FROM ROLE sysadmin", "002003" },
        { "FRESH", $"GRANT READ ON {Repository} TO ROLE target_role", "002003" },
        { "USERADMIN", $"GRANT READ ON {Repository} TO ROLE target_role", "002003" },
        { "READER", $"GRANT WRITE ON {Repository} TO ROLE target_role", "003001" },
        { "FRESH", $"REVOKE WRITE ON {Repository} FROM ROLE reader", "002003" },
        { "READER", $"REVOKE WRITE ON {Repository} FROM ROLE reader", "003001" },
        { "FRESH", $"GRANT OWNERSHIP ON {Repository} TO ROLE target_role COPY CURRENT GRANTS", "002003" },
        { "READER", $"GRANT OWNERSHIP ON {Repository} TO ROLE reader COPY CURRENT GRANTS", "003001" },
        { "FRESH", "GRANT CREATE USER ON ACCOUNT TO ROLE target_role", "003001" },
        { "USERADMIN", "GRANT CREATE USER ON ACCOUNT TO ROLE target_role", "003001" },
        { "FRESH", "GRANT USAGE ON DATABASE d TO ROLE target_role", "002003" },
        { "FRESH", "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE target_role", "002003" },
        { "READER", "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE target_role", "003001" },
        { "FRESH", $"SHOW GRANTS ON {Repository}", "002003" },
        { "FRESH", "SHOW GRANTS OF ROLE target_role", "002003" },
        { "FRESH", "CREATE AUTHENTICATION POLICY d.public.new_policy", "002003" },
        { "SECURITYADMIN", "CREATE AUTHENTICATION POLICY d.public.new_policy", "002003" },
        { "READER", "CREATE AUTHENTICATION POLICY d.public.new_policy", "003001" },
        { "FRESH", "DROP AUTHENTICATION POLICY d.public.p", "002003" },
        { "MANAGER", "DROP AUTHENTICATION POLICY d.public.p", "002003" },
        { "READER", "DROP AUTHENTICATION POLICY d.public.p", "002003" },
        { "FRESH", "ALTER ACCOUNT SET AUTHENTICATION POLICY d.public.p", "003001" },
        { "SECURITYADMIN", "ALTER ACCOUNT SET AUTHENTICATION POLICY d.public.p", "003001" },
        { "MANAGER", "ALTER ACCOUNT UNSET AUTHENTICATION POLICY", "003001" },
        { "FRESH", "ALTER USER target_user SET AUTHENTICATION POLICY d.public.p", "002003" },
        { "MANAGER", "ALTER USER target_user UNSET AUTHENTICATION POLICY", "003001" },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task Statement_RoleThatMay_Succeeds(string role, string sql)
    {
        SqlSession session = await SetUpAsync(role);

        await Harness.OkAsync(session, sql);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Statement_RoleThatMayNot_IsRefusedAndChangesNothing(string role, string sql, string code)
    {
        SqlSession session = await SetUpAsync(role);
        string before = await SnapshotAsync();

        SqlError error = await Harness.FailAsync(session, sql);

        Assert.Equal(code, error.Code);
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>The objects every row works on, OWNER_ROLE owning them all, and a session using <paramref name="role"/>.</summary>
    private async Task<SqlSession> SetUpAsync(string role)
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.NewRepositoryAsync("D", "PUBLIC", "R");
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE owner_role; CREATE ROLE manager; CREATE ROLE fresh; CREATE ROLE reader; CREATE ROLE target_role; "
            + "GRANT ROLE target_role TO ROLE sysadmin; GRANT ROLE owner_role TO ROLE accountadmin; CREATE USER target_user; ALTER USER target_user ADD PAT existing; "
            + "GRANT MANAGE GRANTS ON ACCOUNT TO ROLE manager; " + SecurityFixture.UsageOnDPublic("owner_role") + "; "
            + $"GRANT READ, WRITE ON {Repository} TO ROLE reader; GRANT USAGE ON DATABASE d TO ROLE reader; GRANT USAGE ON SCHEMA d.public TO ROLE reader; "
            + "CREATE AUTHENTICATION POLICY d.public.p; "
            + "GRANT OWNERSHIP ON USER target_user TO ROLE owner_role; GRANT OWNERSHIP ON ROLE target_role TO ROLE owner_role; "
            + $"GRANT OWNERSHIP ON {Repository} TO ROLE owner_role COPY CURRENT GRANTS; "
            + "GRANT OWNERSHIP ON AUTHENTICATION POLICY d.public.p TO ROLE owner_role");
        return role switch
        {
            SystemRoles.AccountAdmin => Harness.Admin,
            SystemRoles.SecurityAdmin or SystemRoles.UserAdmin or SystemRoles.SysAdmin => await Harness.SystemRoleUserAsync("AS_" + role, role),
            _ => await Harness.UserWithRoleAsync("AS_" + role, role),
        };
    }

    /// <summary>Everything the statements could change, as ACCOUNTADMIN sees it.</summary>
    private async Task<string> SnapshotAsync()
    {
        SqlBatchResult batch = await Harness.RunAsync(Harness.Admin,
            "SHOW USERS; SHOW ROLES; SHOW GRANTS ON ACCOUNT; SHOW GRANTS ON IMAGE REPOSITORY d.public.r; SHOW GRANTS ON DATABASE d; "
            + "SHOW GRANTS TO ROLE target_role; SHOW GRANTS OF ROLE target_role; SHOW FUTURE GRANTS IN SCHEMA d.public; "
            + "SHOW AUTHENTICATION POLICIES IN ACCOUNT; SHOW USER PATS FOR USER target_user; DESCRIBE USER target_user");
        Assert.Null(batch.Error);
        return string.Join("\n", batch.Results.SelectMany(result => result.Rows).Select(row => string.Join("|", row)));
    }
}
