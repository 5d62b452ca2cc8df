namespace Floe.Sql.Tests.Ast;

/// <summary>Round trips of the user and programmatic access token statements.</summary>
public class UserStatementsTests
{
    [Theory]
    [InlineData("CREATE USER U")]
    [InlineData("CREATE OR REPLACE USER U")]
    [InlineData("CREATE USER IF NOT EXISTS U")]
    [InlineData("CREATE USER U PASSWORD = 'pw'")]
    [InlineData("CREATE USER U TYPE = PERSON")]
    [InlineData("CREATE USER U TYPE = SERVICE")]
    [InlineData("CREATE USER U DEFAULT_ROLE = R")]
    [InlineData("CREATE USER U RSA_PUBLIC_KEY = 'MIIBIjANBgkqh'")]
    [InlineData("CREATE USER U DISABLED = TRUE")]
    [InlineData("CREATE USER U DISABLED = FALSE")]
    [InlineData("CREATE USER U COMMENT = 'c'")]
    [InlineData("CREATE USER U PASSWORD = 'pw' TYPE = PERSON DEFAULT_ROLE = \"Analyst\" RSA_PUBLIC_KEY = 'MIIB' DISABLED = FALSE COMMENT = 'c'")]
    [InlineData("DROP USER U")]
    [InlineData("DROP USER IF EXISTS U")]
    [InlineData("SHOW USERS")]
    [InlineData("SHOW USERS LIKE 'A%'")]
    [InlineData("DESCRIBE USER U")]
    public void ToSql_CanonicalUserStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);

    [Theory]
    [InlineData("ALTER USER U SET PASSWORD = 'pw'")]
    [InlineData("ALTER USER IF EXISTS U SET TYPE = SERVICE DISABLED = TRUE")]
    [InlineData("ALTER USER U SET DEFAULT_ROLE = R COMMENT = 'c'")]
    [InlineData("ALTER USER U SET RSA_PUBLIC_KEY = 'k'")]
    [InlineData("ALTER USER U UNSET PASSWORD")]
    [InlineData("ALTER USER U UNSET PASSWORD, TYPE, DEFAULT_ROLE, RSA_PUBLIC_KEY, DISABLED, COMMENT")]
    [InlineData("ALTER USER IF EXISTS U UNSET COMMENT")]
    public void ToSql_CanonicalAlterUser_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);

    [Theory]
    [InlineData("ALTER USER ADD PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("ALTER USER U ADD PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("ALTER USER U ADD PROGRAMMATIC ACCESS TOKEN T ROLE_RESTRICTION = 'ANALYST'")]
    [InlineData("ALTER USER U ADD PROGRAMMATIC ACCESS TOKEN T DAYS_TO_EXPIRY = 30")]
    [InlineData("ALTER USER U ADD PROGRAMMATIC ACCESS TOKEN T COMMENT = 'ci'")]
    [InlineData("ALTER USER U ADD PROGRAMMATIC ACCESS TOKEN T ROLE_RESTRICTION = 'R' DAYS_TO_EXPIRY = 1 COMMENT = 'ci'")]
    [InlineData("ALTER USER ADD ADD PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("ALTER USER REMOVE PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("ALTER USER U REMOVE PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("SHOW USER PROGRAMMATIC ACCESS TOKENS")]
    [InlineData("SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER U")]
    public void ToSql_CanonicalTokenStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);
}
