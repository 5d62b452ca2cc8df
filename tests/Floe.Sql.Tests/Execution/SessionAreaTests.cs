using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.StoreSetup;

namespace Floe.Sql.Tests.Execution;

public sealed class SessionAreaTests : EngineTestBase
{
    private const string Executed = "Statement executed successfully.";

    [Fact]
    public async Task UseRole_GrantedRole_BecomesCurrentForTheNextStatements()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "USE ROLE SYSADMIN; SELECT CURRENT_ROLE()");

        Assert.Null(batch.Error);
        Assert.Equal(Executed, Status(batch.Results[0]));
        Assert.Equal("SYSADMIN", batch.Results[1].Rows[0][0]);
        Assert.Equal("SYSADMIN", batch.Session.Role);
    }

    [Fact]
    public async Task UseRole_RoleBelowAGrantedRole_IsAllowed()
    {
        SqlSession session = await Harness.UserAsync("ALICE", ["ANALYST"]);
        await Harness.Store.GrantRoleToRoleAsync(
            Harness.Account.Id, await Harness.RoleAsync("READER"), await Harness.RoleAsync("ANALYST"), null, CancellationToken.None);

        SqlBatchResult batch = await Harness.RunAsync(session, "use role reader");

        Assert.Null(batch.Error);
        Assert.Equal("READER", batch.Session.Role);
    }

    [Fact]
    public async Task UseRole_Public_IsAllowedForEveryone()
    {
        SqlSession session = await Harness.UserAsync("ALICE", []);

        Assert.Equal("PUBLIC", (await Harness.RunAsync(session, "USE ROLE PUBLIC")).Session.Role);
    }

    [Theory]
    [InlineData("USE ROLE SYSADMIN", "SYSADMIN")]
    [InlineData("USE ROLE NO_SUCH_ROLE", "NO_SUCH_ROLE")]
    [InlineData("USE ROLE \"analyst\"", "\"analyst\"")]
    public async Task UseRole_NotGrantedOrMissing_FailsTheSameWay(string sql, string shown)
    {
        SqlSession session = await Harness.UserAsync("ALICE", ["ANALYST"]);

        SqlError error = await Harness.FailAsync(session, sql);

        Assert.Equal(new SqlError("002003", "02000", $"SQL compilation error:\nRole '{shown}' does not exist or not authorized."), error);
    }

    [Theory]
    [InlineData("USE DATABASE D1")]
    [InlineData("USE D1")]
    [InlineData("use database d1")]
    public async Task UseDatabase_VisibleDatabase_SetsItAndItsPublicSchema(string use)
    {
        SqlBatchResult batch = await Harness.RunAsync(
            Admin, $"CREATE DATABASE D1; CREATE DATABASE D2; {use}; SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()");

        Assert.Null(batch.Error);
        Assert.Equal(Executed, Status(batch.Results[2]));
        Assert.Equal(["D1", "PUBLIC"], batch.Results[3].Rows[0]);
    }

    [Fact]
    public async Task UseDatabase_WithoutPublicSchema_LeavesNoCurrentSchema()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "CREATE DATABASE D1; DROP SCHEMA D1.PUBLIC; USE DATABASE D1");

        Assert.Null(batch.Error);
        Assert.Equal("D1", batch.Session.Database);
        Assert.Null(batch.Session.Schema);
    }

    [Theory]
    [InlineData("USE DATABASE D1", "D1")]
    [InlineData("USE DATABASE NOPE", "NOPE")]
    public async Task UseDatabase_InvisibleOrMissing_FailsTheSameWay(string sql, string shown)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession session = await Harness.UserAsync("ALICE", ["NOBODY"]);

        SqlError error = await Harness.FailAsync(session, sql);

        Assert.Equal(new SqlError("002003", "02000", $"SQL compilation error:\nDatabase '{shown}' does not exist or not authorized."), error);
    }

    [Fact]
    public async Task UseDatabase_AnyPrivilegeOnIt_MakesItVisible()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession session = await Harness.UserAsync("ALICE", ["ANALYST"]);
        await Harness.GrantAsync("ANALYST", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);

        Assert.Equal("D1", (await Harness.RunAsync(session, "USE DATABASE D1")).Session.Database);
    }

    [Fact]
    public async Task UseSchema_Qualified_SetsDatabaseAndSchema()
    {
        SqlBatchResult batch = await Harness.RunAsync(
            Admin, "CREATE DATABASE D1; CREATE SCHEMA D1.S1; CREATE DATABASE D2; USE SCHEMA D1.S1");

        Assert.Null(batch.Error);
        Assert.Equal(("D1", "S1"), (batch.Session.Database, batch.Session.Schema));
    }

    [Fact]
    public async Task UseSchema_Unqualified_LooksInTheCurrentDatabase()
    {
        SqlBatchResult batch = await Harness.RunAsync(
            Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; USE SCHEMA PUBLIC; USE SCHEMA S1; SELECT CURRENT_SCHEMA()");

        Assert.Null(batch.Error);
        Assert.Equal("S1", batch.Results[^1].Rows[0][0]);
    }

    [Fact]
    public async Task UseSchema_NoCurrentDatabase_SaysSo()
    {
        SqlError error = await Harness.FailAsync(Admin, "USE SCHEMA S1");

        Assert.Equal("090105", error.Code);
        Assert.StartsWith("Cannot perform USE SCHEMA. This session does not have a current database.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSchema_Missing_Fails002003WithTheQualifiedName()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE DATABASE D1; USE SCHEMA NOPE");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nSchema 'D1.NOPE' does not exist or not authorized."), error);
    }

    [Fact]
    public async Task UseSecondaryRoles_None_LimitsTheNextStatementsToThePrimaryRole()
    {
        // ADMIN holds ORGADMIN besides its primary role ACCOUNTADMIN: SHOW ACCOUNTS works only through it.
        SqlBatchResult none = await Harness.RunAsync(Admin, "SHOW ACCOUNTS; USE SECONDARY ROLES NONE; SHOW ACCOUNTS");
        SqlBatchResult all = await Harness.RunAsync(none.Session, "USE SECONDARY ROLES ALL; SHOW ACCOUNTS");

        Assert.Equal("003001", none.Error?.Code);
        Assert.Equal(2, none.Results.Count);
        Assert.False(none.Session.SecondaryRolesAll);
        Assert.Null(all.Error);
        Assert.True(all.Session.SecondaryRolesAll);
    }

    [Fact]
    public async Task Select_EveryFunction_OneRowWithColumnsNamedAsWritten()
    {
        SqlStatementResult result = await Harness.OkAsync(
            Admin, "SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_ACCOUNT(), CURRENT_DATABASE(), CURRENT_SCHEMA()");

        Assert.Equal(
            ["CURRENT_USER()", "CURRENT_ROLE()", "CURRENT_ACCOUNT()", "CURRENT_DATABASE()", "CURRENT_SCHEMA()"],
            result.Columns.Select(column => column.Name));
        Assert.All(result.Columns, column => Assert.Equal("TEXT", column.Type));
        Assert.Equal(["ADMIN", "ACCOUNTADMIN", "DEV", null, null], Assert.Single(result.Rows));
    }

    [Fact]
    public async Task Select_CurrentRegistryHost_AnswersTheAccountsRegistryHost()
    {
        SqlStatementResult result = await Harness.OkAsync(Admin, "SELECT CURRENT_REGISTRY_HOST()");

        Assert.Equal(["CURRENT_REGISTRY_HOST()"], result.Columns.Select(column => column.Name));
        Assert.Equal(["local-dev.registry.localhost:5000"], Assert.Single(result.Rows));
    }

    [Fact]
    public async Task Select_AnyOrderWithRepeats_AnswersEachCall()
    {
        SqlStatementResult result = await Harness.OkAsync(
            Admin, "CREATE DATABASE D1; select current_schema(), current_database(), current_schema()");

        Assert.Equal(["CURRENT_SCHEMA()", "CURRENT_DATABASE()", "CURRENT_SCHEMA()"], result.Columns.Select(column => column.Name));
        Assert.Equal(["PUBLIC", "D1", "PUBLIC"], Assert.Single(result.Rows));
    }

    [Fact]
    public async Task Batch_Failure_StopsThereAndKeepsWhatRanBefore()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "CREATE DATABASE A; CREATE DATABASE A; CREATE DATABASE B");

        Assert.Equal(new SqlError("002002", "42710", "SQL compilation error:\nObject 'A' already exists."), batch.Error);
        Assert.Single(batch.Results);
        Assert.Equal("A", batch.Session.Database);
        Assert.NotNull(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "A", CancellationToken.None));
        Assert.Null(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "B", CancellationToken.None));
    }

    [Fact]
    public async Task Batch_SyntaxErrorAnywhere_RunsNothing()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "CREATE DATABASE A;\nCREATE DATABSE B");

        Assert.Equal(new SqlError("001003", "42000", "SQL compilation error:\nsyntax error line 2 at position 7 unexpected 'DATABSE'."), batch.Error);
        Assert.Empty(batch.Results);
        Assert.Null(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "A", CancellationToken.None));
    }

    [Fact]
    public async Task Batch_UseThenCreate_CreatesWithTheNewRoleAndContext()
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1");

        Assert.Equal("SYSADMIN", (await Harness.RepositoryAsync("D1", "S1", "R1")).OwnerRole);
        Assert.Equal("SYSADMIN", (await Harness.SchemaAsync("D1", "S1")).Owner);
    }
}
