using Floe.Sql.Ast;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;
using static Floe.Sql.Tests.Parsed;

namespace Floe.Sql.Tests.Parsing;

public class SqlParserTests
{
    [Theory]
    [InlineData("create database d", "CREATE DATABASE D")]
    [InlineData("  CREATE\n\tDATABASE   d  comment='x' ; ", "CREATE DATABASE D COMMENT = 'x'")]
    [InlineData("create /* c */ image -- c\n repository // c\n r;", "CREATE IMAGE REPOSITORY R")]
    [InlineData("Create Image Repository My_Repo", "CREATE IMAGE REPOSITORY MY_REPO")]
    [InlineData("CREATE ROLE \"R\"", "CREATE ROLE R")]
    [InlineData("create role r comment = 'it\\'s'", "CREATE ROLE R COMMENT = 'it''s'")]
    [InlineData("create role r comment = 'tab\\there'", "CREATE ROLE R COMMENT = 'tab\there'")]
    [InlineData("create role r comment = 'a\\\\b'", "CREATE ROLE R COMMENT = 'a\\\\b'")]
    [InlineData("USE d", "USE DATABASE D")]
    [InlineData("use database \"D\"", "USE DATABASE D")]
    [InlineData("SHOW IMAGE REPOSITORIES IN s", "SHOW IMAGE REPOSITORIES IN SCHEMA S")]
    [InlineData("show image repositories in db.s limit 010", "SHOW IMAGE REPOSITORIES IN SCHEMA DB.S LIMIT 10")]
    [InlineData("SHOW SCHEMAS IN d", "SHOW SCHEMAS IN DATABASE D")]
    [InlineData("GRANT ALL ON DATABASE d TO ROLE r", "GRANT ALL PRIVILEGES ON DATABASE D TO ROLE R")]
    [InlineData("revoke all on account from role r", "REVOKE ALL PRIVILEGES ON ACCOUNT FROM ROLE R")]
    [InlineData("DESC USER u", "DESCRIBE USER U")]
    [InlineData("ALTER USER ADD PAT t", "ALTER USER ADD PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("alter user u remove pat t", "ALTER USER U REMOVE PROGRAMMATIC ACCESS TOKEN T")]
    [InlineData("SHOW USER PATS for user u", "SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER U")]
    [InlineData("CREATE USER u comment='c' password='p'", "CREATE USER U PASSWORD = 'p' COMMENT = 'c'")]
    [InlineData("alter user u set password='p', comment='c'", "ALTER USER U SET PASSWORD = 'p' COMMENT = 'c'")]
    [InlineData("ALTER USER u UNSET comment, password", "ALTER USER U UNSET PASSWORD, COMMENT")]
    [InlineData("create user u type=service disabled=true", "CREATE USER U TYPE = SERVICE DISABLED = TRUE")]
    [InlineData("create image repository r encryption=(type='snowflake_full')", "CREATE IMAGE REPOSITORY R ENCRYPTION = (TYPE = 'SNOWFLAKE_FULL')")]
    [InlineData("CREATE ACCOUNT a admin_password='p' admin_name=u", "CREATE ACCOUNT A ADMIN_NAME = U ADMIN_PASSWORD = 'p'")]
    [InlineData("create authentication policy p authentication_methods=('password','keypair')", "CREATE AUTHENTICATION POLICY P AUTHENTICATION_METHODS = ('PASSWORD', 'KEYPAIR')")]
    [InlineData("select current_role ( ) , current_user()", "SELECT CURRENT_ROLE(), CURRENT_USER()")]
    [InlineData("grant service read,service write on image repository r to role x", "GRANT SERVICE READ, SERVICE WRITE ON IMAGE REPOSITORY R TO ROLE X")]
    [InlineData("show grants to role \"Mixed Case\";", "SHOW GRANTS TO ROLE \"Mixed Case\"")]
    public void Parse_NonCanonicalText_PrintsCanonicalSql(string sql, string canonical)
    {
        Assert.Equal(canonical, Single(sql).ToSql());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData(";")]
    [InlineData(";;  ;")]
    [InlineData("-- only a comment")]
    [InlineData("/* only */ ; // comments")]
    public void Parse_TextWithoutStatements_AnswersAnEmptyList(string sql)
    {
        Assert.Empty(All(sql));
    }

    [Theory]
    [InlineData("USE ROLE R; SHOW ROLES")]
    [InlineData("USE ROLE R; SHOW ROLES;")]
    [InlineData(";;USE ROLE R;;;SHOW ROLES;;")]
    [InlineData("-- first\nUSE ROLE R; /* second */ SHOW ROLES -- done")]
    [InlineData("USE ROLE R\n;\nSHOW ROLES")]
    public void Parse_SeveralStatements_AnswersThemInOrder(string sql)
    {
        Assert.Equal([new UseRole(Id("R")), new ShowObjects(ObjectKind.Role)], All(sql));
    }

    [Fact]
    public void Parse_CreateImageRepository_BuildsTheExpectedRecord()
    {
        Statement statement = Single(
            "create image repository if not exists db.s.my_repo encryption = (type = 'SNOWFLAKE_FULL') comment = 'x'");

        Assert.Equal(
            new CreateImageRepository(
                OrReplace: false, IfNotExists: true, Name("DB", "S", "MY_REPO"), RepositoryEncryption.SnowflakeFull, "x"),
            statement);
    }

    [Fact]
    public void Parse_ShowImageRepositories_BuildsTheExpectedRecord()
    {
        Statement statement = Single("SHOW IMAGE REPOSITORIES LIKE 'a%' IN DATABASE LIMIT 5 FROM 'a1'");

        Assert.Equal(
            new ShowSchemaObjects(ObjectKind.ImageRepository, "a%", new DatabaseScope(), null, new ShowLimit(5, "a1")),
            statement);
    }

    [Fact]
    public void Parse_GrantPrivileges_BuildsTheExpectedRecord()
    {
        Statement statement = Single("GRANT READ, SERVICE WRITE ON IMAGE REPOSITORY s.r TO ROLE dev WITH GRANT OPTION");

        Assert.Equal(
            new GrantPrivileges(
                PrivilegeSet.Of(Privilege.Read, Privilege.ServiceWrite),
                new ObjectSecurable(ObjectKind.ImageRepository, Name("S", "R")),
                Id("DEV"),
                WithGrantOption: true),
            statement);
    }

    [Fact]
    public void Parse_CreateUser_BuildsTheExpectedRecord()
    {
        Statement statement = Single("CREATE USER ci TYPE = SERVICE DEFAULT_ROLE = \"Deployer\" DISABLED = FALSE");

        Assert.Equal(
            new CreateUser(
                OrReplace: false,
                IfNotExists: false,
                Id("CI"),
                new UserProperties(Type: UserType.Service, DefaultRole: Identifier.Quoted("Deployer"), Disabled: false)),
            statement);
    }

    [Fact]
    public void Parse_AlterUserUnset_KeepsThePropertiesInTheGrammarsOrder()
    {
        Statement statement = Single("ALTER USER u UNSET comment, default_role, password");

        Assert.Equal(
            new AlterUserUnset(
                IfExists: false, Id("U"), [UserProperty.Password, UserProperty.DefaultRole, UserProperty.Comment]),
            statement);
    }

    [Fact]
    public void Parse_Select_KeepsTheFunctionsInTheOrderWritten()
    {
        Statement statement = Single("SELECT current_schema(), current_user()");

        Assert.Equal(new SelectContextFunctions([ContextFunction.CurrentSchema, ContextFunction.CurrentUser]), statement);
    }

    [Fact]
    public void Parse_GrantOwnershipOnFutureRepositories_BuildsTheExpectedRecord()
    {
        Statement statement = Single("GRANT OWNERSHIP ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.s TO ROLE r");

        Assert.Equal(new GrantOwnership(new FutureImageRepositories(Name("D", "S")), Id("R")), statement);
    }

    [Fact]
    public void Parse_QuotedAndUnquotedNamesOfTheSameObject_AreEqual()
    {
        var quoted = (UseRole)Single("USE ROLE \"MY_ROLE\"");
        var unquoted = (UseRole)Single("use role my_role");

        Assert.Equal(unquoted, quoted);
        Assert.True(quoted.Role.IsQuoted);
        Assert.Equal("my_role", unquoted.Role.Text);
        Assert.NotEqual(Single("USE ROLE \"my_role\""), unquoted);
    }

    [Fact]
    public void Parse_UseRoleWithoutAName_UsesTheDatabaseCalledRole()
    {
        Assert.Equal(new UseDatabase(Id("ROLE")), Single("USE ROLE"));
    }

    [Fact]
    public void Parse_OptionalUserNameThatIsAKeyword_StillReadsTheTokenChange()
    {
        Assert.Equal(
            new AddProgrammaticAccessToken(Id("REMOVE"), Id("T")),
            Single("ALTER USER remove ADD PAT t"));
    }
}
