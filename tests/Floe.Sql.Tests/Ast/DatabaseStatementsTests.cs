namespace Floe.Sql.Tests.Ast;

/// <summary>Round trips of the organization, database and schema statements.</summary>
public class DatabaseStatementsTests
{
    [Theory]
    [InlineData("CREATE ACCOUNT A ADMIN_NAME = ADMIN ADMIN_PASSWORD = 'pw'")]
    [InlineData("CREATE ACCOUNT MY_ACCOUNT ADMIN_NAME = \"Admin\" ADMIN_PASSWORD = 'p''w' COMMENT = 'team'")]
    [InlineData("DROP ACCOUNT A")]
    [InlineData("DROP ACCOUNT IF EXISTS A")]
    [InlineData("SHOW ACCOUNTS")]
    [InlineData("SHOW ACCOUNTS LIKE 'MY%'")]
    public void ToSql_CanonicalOrganizationStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);

    [Theory]
    [InlineData("CREATE DATABASE D")]
    [InlineData("CREATE OR REPLACE DATABASE D")]
    [InlineData("CREATE DATABASE IF NOT EXISTS D")]
    [InlineData("CREATE DATABASE D COMMENT = 'c'")]
    [InlineData("CREATE OR REPLACE DATABASE \"my db\" COMMENT = ''")]
    [InlineData("CREATE SCHEMA S")]
    [InlineData("CREATE SCHEMA D.S")]
    [InlineData("CREATE OR REPLACE SCHEMA D.S COMMENT = 'c'")]
    [InlineData("CREATE SCHEMA IF NOT EXISTS S")]
    [InlineData("DROP DATABASE D")]
    [InlineData("DROP DATABASE IF EXISTS D CASCADE")]
    [InlineData("DROP DATABASE D RESTRICT")]
    [InlineData("DROP SCHEMA D.S")]
    [InlineData("DROP SCHEMA IF EXISTS S RESTRICT")]
    [InlineData("DROP SCHEMA S CASCADE")]
    [InlineData("SHOW DATABASES")]
    [InlineData("SHOW DATABASES LIKE 'D%'")]
    [InlineData("SHOW SCHEMAS")]
    [InlineData("SHOW SCHEMAS LIKE 'S%'")]
    [InlineData("SHOW SCHEMAS IN DATABASE D")]
    [InlineData("SHOW SCHEMAS LIKE '%' IN DATABASE D")]
    [InlineData("ALTER DATABASE D SET COMMENT = 'c'")]
    [InlineData("ALTER DATABASE IF EXISTS D SET COMMENT = 'c'")]
    [InlineData("ALTER DATABASE D UNSET COMMENT")]
    [InlineData("ALTER SCHEMA D.S SET COMMENT = 'c'")]
    [InlineData("ALTER SCHEMA IF EXISTS S UNSET COMMENT")]
    public void ToSql_CanonicalDatabaseStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);
}
