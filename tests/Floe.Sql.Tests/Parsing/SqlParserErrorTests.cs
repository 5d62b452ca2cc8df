using Floe.Sql.Errors;
using static Floe.Sql.Tests.Parsed;

namespace Floe.Sql.Tests.Parsing;

public class SqlParserErrorTests
{
    private static string Syntax(int line, int position, string token) =>
        $"SQL compilation error:\nsyntax error line {line} at position {position} unexpected '{token}'.";

    [Fact]
    public void Parse_SyntaxError_CarriesSnowflakesCodeAndState()
    {
        SqlError error = Error("CREATE IMAGE REPOSITORY;");

        Assert.Equal(new SqlError("001003", "42000", Syntax(1, 23, ";")), error);
    }

    [Theory]
    [InlineData("SHOW IMAGE REPOSITORIES IN", 1, 26, "<EOF>")]
    [InlineData("SHOW IMAGE REPOSITORIES IN\n", 2, 0, "<EOF>")]
    [InlineData("SELEC CURRENT_USER()", 1, 0, "SELEC")]
    [InlineData("SELECT ~", 1, 7, "~")]
    [InlineData("SELECT CURRENT_DATE()", 1, 7, "CURRENT_DATE")]
    [InlineData("SELECT CURRENT_USER", 1, 19, "<EOF>")]
    [InlineData("CREATE DATABASE 'd'", 1, 16, "'d'")]
    [InlineData("CREATE DATABASE a.b", 1, 17, ".")]
    [InlineData("CREATE IMAGE REPOSITORY a.b.c.d", 1, 29, ".")]
    [InlineData("CREATE ROLE select", 1, 12, "select")]
    [InlineData("CREATE OR REPLACE ROLE IF NOT EXISTS r", 1, 23, "IF")]
    [InlineData("CREATE OR REPLACE ACCOUNT a", 1, 18, "ACCOUNT")]
    [InlineData("DROP ROLE r CASCADE", 1, 12, "CASCADE")]
    [InlineData("DROP TABLE t", 1, 5, "TABLE")]
    [InlineData("ALTER USER u SET", 1, 16, "<EOF>")]
    [InlineData("ALTER USER u SET AUTHENTICATION p", 1, 32, "p")]
    [InlineData("USE ROLE R SHOW ROLES", 1, 11, "SHOW")]
    [InlineData("USE SECONDARY ROLES SOME", 1, 20, "SOME")]
    [InlineData("SHOW IMAGE REPOSITORIES LIMIT 'x'", 1, 30, "'x'")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE d STARTS 'a'", 1, 45, "'a'")]
    [InlineData("SHOW IMAGES IN r", 1, 15, "r")]
    [InlineData("SHOW GRANTS", 1, 11, "<EOF>")]
    [InlineData("SHOW USER PROGRAMMATIC TOKENS", 1, 23, "TOKENS")]
    [InlineData("CREATE USER u PASSWORD 'pw'", 1, 14, "PASSWORD")]
    [InlineData("CREATE USER u COMMENT = 5", 1, 24, "5")]
    [InlineData("CREATE USER u DAYS_TO_EXPIRY", 1, 14, "DAYS_TO_EXPIRY")]
    [InlineData("CREATE USER u PASSWORD = 'p',", 1, 28, ",")]
    public void Parse_MalformedStatement_ReportsTheUnexpectedTokenWhereItIs(string sql, int line, int position, string token)
    {
        Assert.Equal(Syntax(line, position, token), Error(sql).Message);
    }

    [Theory]
    [InlineData("GRANT READ ON DATABASE d TO ROLE r", 6, "READ")]
    [InlineData("GRANT USAGE, WRITE ON SCHEMA s TO ROLE r", 13, "WRITE")]
    [InlineData("GRANT USAGE ON IMAGE REPOSITORY r TO ROLE x", 6, "USAGE")]
    [InlineData("GRANT CREATE SCHEMA ON ACCOUNT TO ROLE x", 6, "CREATE")]
    [InlineData("GRANT CREATE FOO ON ACCOUNT TO ROLE x", 13, "FOO")]
    [InlineData("GRANT SERVICE USAGE ON ACCOUNT TO ROLE x", 14, "USAGE")]
    [InlineData("GRANT READ, OWNERSHIP ON IMAGE REPOSITORY r TO ROLE x", 12, "OWNERSHIP")]
    [InlineData("REVOKE OWNERSHIP ON DATABASE d FROM ROLE r", 7, "OWNERSHIP")]
    [InlineData("GRANT READ ON ROLE r TO ROLE x", 14, "ROLE")]
    [InlineData("GRANT OWNERSHIP ON ACCOUNT TO ROLE r", 19, "ACCOUNT")]
    [InlineData("GRANT OWNERSHIP ON FUTURE IMAGE REPOSITORIES IN SCHEMA s TO ROLE r COPY CURRENT GRANTS", 67, "COPY")]
    [InlineData("GRANT READ ON FUTURE IMAGE REPOSITORIES IN DATABASE d TO ROLE r", 43, "DATABASE")]
    [InlineData("GRANT READ ON IMAGE REPOSITORY r TO r", 36, "r")]
    public void Parse_PrivilegeThatTheObjectDoesNotHave_IsASyntaxErrorAtThePrivilege(string sql, int position, string token)
    {
        Assert.Equal(Syntax(1, position, token), Error(sql).Message);
    }

    [Fact]
    public void Parse_ErrorOnALaterLine_ReportsThatLineAndItsColumn()
    {
        SqlError error = Error("SHOW ROLES;\nUSE ROLE r;\n  CREATE DATABASE d FOO BAR;\nSHOW USERS");

        Assert.Equal(Syntax(3, 20, "FOO"), error.Message);
    }

    [Fact]
    public void Parse_SyntaxErrorBeforeALexicalError_ReportsTheSyntaxError()
    {
        Assert.Equal(Syntax(1, 5, "FOO"), Error("SHOW FOO; SELECT 'abc").Message);
    }

    [Fact]
    public void Parse_LexicalErrorReached_ReportsItWhereTheTokenStarts()
    {
        Assert.Equal(Syntax(2, 7, "'"), Error("SHOW ROLES;\nSELECT 'abc").Message);
    }

    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY \"my repo\"", 24, "\"my repo\"")]
    [InlineData("CREATE IMAGE REPOSITORY \"DB\".s.r", 24, "\"DB\"")]
    [InlineData("CREATE OR REPLACE IMAGE REPOSITORY db.\"s\".r", 38, "\"s\"")]
    [InlineData("DROP IMAGE REPOSITORY d.s.\"R\"", 26, "\"R\"")]
    [InlineData("ALTER IMAGE REPOSITORY \"r\" UNSET COMMENT", 23, "\"r\"")]
    [InlineData("SHOW IMAGES IN IMAGE REPOSITORY \"r\"", 32, "\"r\"")]
    [InlineData("GRANT READ ON IMAGE REPOSITORY \"r\" TO ROLE x", 31, "\"r\"")]
    [InlineData("GRANT OWNERSHIP ON IMAGE REPOSITORY \"r\" TO ROLE x", 36, "\"r\"")]
    [InlineData("SHOW GRANTS ON IMAGE REPOSITORY \"r\"", 32, "\"r\"")]
    public void Parse_QuotedRepositoryNamePart_IsAnErrorThatSaysSo(string sql, int position, string token)
    {
        SqlError error = Error(sql);

        Assert.Equal("001420", error.Code);
        Assert.Equal("22023", error.SqlState);
        Assert.StartsWith($"SQL compilation error:\nerror line 1 at position {position}\nquoted identifier {token} is not supported here", error.Message);
        Assert.Contains("must have unquoted names", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE SCHEMA \"my schema\"")]
    [InlineData("CREATE DATABASE \"my db\"")]
    [InlineData("SHOW IMAGE REPOSITORIES IN SCHEMA \"db\".\"s\"")]
    [InlineData("GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA \"s\" TO ROLE \"r\"")]
    public void Parse_QuotedNameOutsideARepositoryName_IsAccepted(string sql)
    {
        Assert.Single(All(sql));
    }

    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY r FOO = 1", "invalid property 'FOO' for 'IMAGE_REPOSITORY'")]
    [InlineData("create image repository r foo = 1", "invalid property 'foo' for 'IMAGE_REPOSITORY'")]
    [InlineData("CREATE IMAGE REPOSITORY r COMMENT = 'c' ENCRYPTION_TYPE = 'x'", "invalid property 'ENCRYPTION_TYPE' for 'IMAGE_REPOSITORY'")]
    [InlineData("ALTER IMAGE REPOSITORY r SET ENCRYPTION = (TYPE = 'SNOWFLAKE_SSE')", "invalid property 'ENCRYPTION' for 'IMAGE_REPOSITORY'")]
    [InlineData("CREATE DATABASE d DATA_RETENTION_TIME_IN_DAYS = 1", "invalid property 'DATA_RETENTION_TIME_IN_DAYS' for 'DATABASE'")]
    [InlineData("CREATE SCHEMA s MANAGED = TRUE", "invalid property 'MANAGED' for 'SCHEMA'")]
    [InlineData("ALTER DATABASE d SET OWNER = x", "invalid property 'OWNER' for 'DATABASE'")]
    [InlineData("ALTER SCHEMA s UNSET OWNER", "invalid property 'OWNER' for 'SCHEMA'")]
    [InlineData("CREATE ROLE r OWNER = x", "invalid property 'OWNER' for 'ROLE'")]
    [InlineData("CREATE USER u LOGIN_NAME = 'x'", "invalid property 'LOGIN_NAME' for 'USER'")]
    [InlineData("ALTER USER u SET MIDDLE_NAME = 'x'", "invalid property 'MIDDLE_NAME' for 'USER'")]
    [InlineData("ALTER USER u UNSET COMMENT, MIDDLE_NAME", "invalid property 'MIDDLE_NAME' for 'USER'")]
    [InlineData("ALTER USER ADD PAT t MINS_TO_BYPASS = 1", "invalid property 'MINS_TO_BYPASS' for 'PROGRAMMATIC_ACCESS_TOKEN'")]
    [InlineData("CREATE ACCOUNT a ADMIN_NAME = u ADMIN_PASSWORD = 'p' EDITION = STANDARD", "invalid property 'EDITION' for 'ACCOUNT'")]
    [InlineData("ALTER ACCOUNT SET TIMEZONE = 'UTC'", "invalid property 'TIMEZONE' for 'ACCOUNT'")]
    [InlineData("CREATE AUTHENTICATION POLICY p CLIENT_TYPES = ('SNOWSQL')", "invalid property 'CLIENT_TYPES' for 'AUTHENTICATION_POLICY'")]
    [InlineData("CREATE ROLE r COMMENT = 'a' COMMENT = 'b'", "duplicate property 'COMMENT'")]
    [InlineData("CREATE USER u password = 'a', PASSWORD = 'b'", "duplicate property 'PASSWORD'")]
    [InlineData("ALTER USER u UNSET COMMENT, comment", "duplicate property 'COMMENT'")]
    [InlineData("CREATE ACCOUNT a ADMIN_NAME = u", "missing required property 'ADMIN_PASSWORD' for 'ACCOUNT'")]
    [InlineData("CREATE ACCOUNT a ADMIN_PASSWORD = 'p'", "missing required property 'ADMIN_NAME' for 'ACCOUNT'")]
    public void Parse_OptionTheStatementDoesNotTake_IsAnInvalidPropertyError(string sql, string detail)
    {
        Assert.Equal(new SqlError("001420", "22023", "SQL compilation error:\n" + detail), Error(sql));
    }

    [Theory]
    [InlineData("CREATE USER u TYPE = ROBOT", "'ROBOT' for property 'TYPE'")]
    [InlineData("CREATE USER u DISABLED = maybe", "'maybe' for property 'DISABLED'")]
    [InlineData("CREATE IMAGE REPOSITORY r ENCRYPTION = (TYPE = 'AES')", "'AES' for property 'TYPE'")]
    [InlineData("CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('PASSWORD', 'SAML')", "'SAML' for property 'AUTHENTICATION_METHODS'")]
    [InlineData("ALTER USER ADD PAT t DAYS_TO_EXPIRY = 1.5", "'1.5' for property 'DAYS_TO_EXPIRY'")]
    [InlineData("SHOW IMAGE REPOSITORIES LIMIT 99999999999", "'99999999999' for property 'LIMIT'")]
    public void Parse_ValueThePropertyCannotTake_IsAnInvalidValueError(string sql, string detail)
    {
        Assert.Equal(new SqlError("001422", "22023", "SQL compilation error:\ninvalid value " + detail), Error(sql));
    }
}
