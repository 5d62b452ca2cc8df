namespace Floe.Sql.Tests.Ast;

/// <summary>Round trips of the role statements.</summary>
public class RoleStatementsTests
{
    [Theory]
    [InlineData("CREATE ROLE R")]
    [InlineData("CREATE OR REPLACE ROLE R")]
    [InlineData("CREATE ROLE IF NOT EXISTS R")]
    [InlineData("CREATE ROLE R COMMENT = 'c'")]
    [InlineData("CREATE ROLE \"my role\"")]
    [InlineData("CREATE ROLE \"SELECT\"")]
    [InlineData("CREATE ROLE \"A\"\"B\"")]
    [InlineData("CREATE ROLE \"1ABC\"")]
    [InlineData("CREATE ROLE IF")]
    [InlineData("DROP ROLE R")]
    [InlineData("DROP ROLE IF EXISTS R")]
    [InlineData("SHOW ROLES")]
    [InlineData("SHOW ROLES LIKE 'DEV%'")]
    [InlineData("GRANT ROLE R TO USER U")]
    [InlineData("GRANT ROLE R TO ROLE SYSADMIN")]
    [InlineData("REVOKE ROLE R FROM USER U")]
    [InlineData("REVOKE ROLE R FROM ROLE SYSADMIN")]
    public void ToSql_CanonicalRoleStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);
}
