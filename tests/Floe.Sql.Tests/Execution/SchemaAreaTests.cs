using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.StoreSetup;

namespace Floe.Sql.Tests.Execution;

public sealed class SchemaAreaTests : EngineTestBase
{
    [Fact]
    public async Task CreateSchema_Qualified_OwnedByThePrimaryRoleAndCurrent()
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1; CREATE DATABASE D2");

        SqlBatchResult batch = await Harness.RunAsync(Admin, "USE ROLE SYSADMIN; CREATE SCHEMA d1.s1 COMMENT = 'c'");

        Assert.Null(batch.Error);
        Assert.Equal("Schema S1 successfully created.", Status(batch.Results[1]));
        SchemaRecord schema = await Harness.SchemaAsync("D1", "S1");
        Assert.Equal(("SYSADMIN", "c"), (schema.Owner, schema.Comment));
        Assert.Equal(("D1", "S1"), (batch.Session.Database, batch.Session.Schema));
    }

    [Fact]
    public async Task CreateSchema_Unqualified_GoesInTheCurrentDatabase()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE DATABASE D2; USE DATABASE D1; CREATE SCHEMA S1");

        Assert.Equal("D1", (await Harness.SchemaAsync("D1", "S1")).Database);
        Assert.Null(await Harness.Store.FindSchemaAsync(Harness.Account.Id, "D2", "S1", CancellationToken.None));
    }

    [Fact]
    public async Task CreateSchema_NoCurrentDatabase_SaysSo()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE SCHEMA S1");

        Assert.Equal(("090105", "22000"), (error.Code, error.SqlState));
        Assert.StartsWith("Cannot perform CREATE SCHEMA. This session does not have a current database.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSchema_Existing_Fails002002AndIfNotExistsSucceeds()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1 COMMENT = 'kept'");

        SqlError error = await Harness.FailAsync(Admin, "CREATE SCHEMA D1.S1");
        SqlStatementResult skipped = await Harness.OkAsync(Admin, "CREATE SCHEMA IF NOT EXISTS D1.S1 COMMENT = 'new'");

        Assert.Equal(new SqlError("002002", "42710", "SQL compilation error:\nObject 'S1' already exists."), error);
        Assert.Equal("S1 already exists, statement succeeded.", Status(skipped));
        Assert.Equal("kept", (await Harness.SchemaAsync("D1", "S1")).Comment);
    }

    [Fact]
    public async Task CreateSchema_OrReplace_DropsItsRepositoriesAndImages()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1");
        RepositoryRecord repository = await Harness.RepositoryAsync("D1", "S1", "R1");
        Digest digest = await Harness.PushAsync(repository.Id, "app", "v1");

        SqlStatementResult result = await Harness.OkAsync(Admin, "CREATE OR REPLACE SCHEMA D1.S1");

        Assert.Equal("Schema S1 successfully created.", Status(result));
        Assert.Null(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
        Assert.Null(await Harness.Store.FindManifestAsync(repository.Id, "app", digest, CancellationToken.None));
    }

    [Fact]
    public async Task CreateSchema_WithUsageButNoCreateSchema_Fails003001OnTheDatabase()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);

        SqlError error = await Harness.FailAsync(reader, "CREATE SCHEMA D1.S1");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on database 'D1'"), error);
    }

    [Fact]
    public async Task CreateSchema_WithCreateSchemaGranted_OwnedByThatRole()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession builder = await Harness.UserAsync("ALICE", ["BUILDER"]);
        await Harness.GrantAsync("BUILDER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage, Privilege.CreateSchema);

        await Harness.OkAsync(builder, "CREATE SCHEMA D1.S1");

        Assert.Equal("BUILDER", (await Harness.SchemaAsync("D1", "S1")).Owner);
    }

    [Theory]
    [InlineData("CREATE SCHEMA D1.S2", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("CREATE OR REPLACE SCHEMA D1.S1", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("DROP SCHEMA D1.S1", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("ALTER SCHEMA D1.S1 SET COMMENT = 'x'", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("USE SCHEMA D1.S1", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("SHOW SCHEMAS IN DATABASE D1", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    public async Task SchemaStatements_FreshRole_AreRefusedAndChangeNothing(string sql, string code, string message)
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1; CREATE SCHEMA S1 COMMENT = 'c'");
        SqlSession nobody = await Harness.UserAsync("ALICE", ["NOBODY"]);

        SqlError error = await Harness.FailAsync(nobody, sql);

        Assert.Equal((code, message), (error.Code, error.Message));
        Assert.Equal(["PUBLIC", "S1"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW SCHEMAS IN D1"), "name"));
        Assert.Equal("c", (await Harness.SchemaAsync("D1", "S1")).Comment);
    }

    [Theory]
    [InlineData("CREATE SCHEMA D1.S2", "Schema S2 successfully created.")]
    [InlineData("CREATE OR REPLACE SCHEMA D1.S1", "Schema S1 successfully created.")]
    [InlineData("DROP SCHEMA D1.S1", "S1 successfully dropped.")]
    [InlineData("ALTER SCHEMA D1.S1 SET COMMENT = 'x'", "Statement executed successfully.")]
    public async Task SchemaStatements_OwnerRole_AreAllowed(string sql, string status)
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1; CREATE SCHEMA S1");
        SqlSession sysadmin = await Harness.UserAsync("ALICE", ["SYSADMIN"]);

        Assert.Equal(status, Status(await Harness.OkAsync(sysadmin, sql)));
    }

    [Fact]
    public async Task DropSchema_DatabaseVisibleSchemaNot_Fails002003OnTheSchema()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);

        SqlError error = await Harness.FailAsync(reader, "DROP SCHEMA D1.S1");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nSchema 'D1.S1' does not exist or not authorized."), error);
    }

    [Fact]
    public async Task DropSchema_VisibleButNotOwned_Fails003001()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);
        await Harness.GrantAsync("READER", SecurableObject.Schema((await Harness.SchemaAsync("D1", "S1")).Id), Privilege.Usage);

        SqlError error = await Harness.FailAsync(reader, "DROP SCHEMA D1.S1");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on schema 'D1.S1'"), error);
    }

    [Theory]
    [InlineData("DROP SCHEMA D1.S1")]
    [InlineData("ALTER SCHEMA D1.S1 SET COMMENT = 'x'")]
    [InlineData("USE SCHEMA D1.S1")]
    [InlineData("CREATE SCHEMA D1.S2")]
    public async Task SchemaStatements_OwnerWithoutUsageOnTheDatabase_Fail002003(string sql)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession builder = await Harness.UserAsync("ALICE", ["BUILDER"]);
        SecurableObject database = SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id);
        await Harness.GrantAsync("BUILDER", database, Privilege.Usage, Privilege.CreateSchema);
        await Harness.OkAsync(builder, "CREATE SCHEMA D1.S1");
        await Harness.Store.RevokePrivilegesAsync(
            Harness.Account.Id, database, [Privilege.Usage], await Harness.RoleAsync("BUILDER"), false, CancellationToken.None);

        SqlError error = await Harness.FailAsync(builder, sql);

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized."), error);
        Assert.Equal("BUILDER", (await Harness.SchemaAsync("D1", "S1")).Owner);
    }

    [Fact]
    public async Task DropSchema_Owner_DropsRepositoriesAndImagesAndClearsTheCurrentSchema()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1; CREATE SCHEMA S2; CREATE IMAGE REPOSITORY R2");
        RepositoryRecord dropped = await Harness.RepositoryAsync("D1", "S1", "R1");
        Digest digest = await Harness.PushAsync(dropped.Id, "app", null);

        SqlBatchResult batch = await Harness.RunAsync(Admin with { Database = "D1", Schema = "S1" }, "DROP SCHEMA S1");

        Assert.Null(batch.Error);
        Assert.Equal("S1 successfully dropped.", Status(batch.Results[0]));
        Assert.Null(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
        Assert.Null(await Harness.Store.FindManifestAsync(dropped.Id, "app", digest, CancellationToken.None));
        Assert.NotNull(await Harness.FindRepositoryAsync("D1", "S2", "R2"));
        Assert.Equal(("D1", null), (batch.Session.Database, batch.Session.Schema));
    }

    [Fact]
    public async Task DropSchema_Public_IsAllowed()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; DROP SCHEMA D1.PUBLIC");

        Assert.Empty((await Harness.OkAsync(Admin, "SHOW SCHEMAS IN DATABASE D1")).Rows);
    }

    [Fact]
    public async Task DropSchema_RestrictWithARepository_Fails002043()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1; CREATE SCHEMA S2");

        SqlError error = await Harness.FailAsync(Admin, "DROP SCHEMA D1.S1 RESTRICT");
        SqlStatementResult empty = await Harness.OkAsync(Admin, "DROP SCHEMA D1.S2 RESTRICT");

        Assert.Equal(("002043", "22023"), (error.Code, error.SqlState));
        Assert.StartsWith("SQL compilation error:\nCannot drop schema 'D1.S1' with RESTRICT", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
        Assert.Equal("S2 successfully dropped.", Status(empty));
    }

    [Fact]
    public async Task DropSchema_MissingAndIfExists_AnswerLikeSnowflake()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");

        SqlError error = await Harness.FailAsync(Admin, "DROP SCHEMA D1.NOPE");
        SqlStatementResult skipped = await Harness.OkAsync(Admin, "DROP SCHEMA IF EXISTS D1.NOPE");
        SqlStatementResult noDatabase = await Harness.OkAsync(Admin, "DROP SCHEMA IF EXISTS NODB.NOPE");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nSchema 'D1.NOPE' does not exist or not authorized."), error);
        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", Status(skipped));
        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", Status(noDatabase));
    }

    [Fact]
    public async Task AlterSchema_SetAndUnsetComment_ChangeIt()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; ALTER SCHEMA S1 SET COMMENT = 'one'");
        string? set = (await Harness.SchemaAsync("D1", "S1")).Comment;
        SqlStatementResult unset = await Harness.OkAsync(Admin, "ALTER SCHEMA D1.S1 UNSET COMMENT");

        Assert.Equal("one", set);
        Assert.Equal("Statement executed successfully.", Status(unset));
        Assert.Null((await Harness.SchemaAsync("D1", "S1")).Comment);
    }

    [Fact]
    public async Task AlterSchema_IfExistsMissing_SucceedsAndWithoutFails()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");

        Assert.Equal("Statement executed successfully.", Status(await Harness.OkAsync(Admin, "ALTER SCHEMA IF EXISTS D1.NOPE UNSET COMMENT")));
        Assert.Equal("002003", (await Harness.FailAsync(Admin, "ALTER SCHEMA D1.NOPE UNSET COMMENT")).Code);
    }

    [Fact]
    public async Task ShowSchemas_Columns_AreThoseOfTheContract()
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1; CREATE SCHEMA S1 COMMENT = 'c'");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW SCHEMAS LIKE 's%' IN DATABASE D1");

        Assert.Equal(["created_on", "name", "database_name", "owner", "comment"], result.Columns.Select(column => column.Name));
        Assert.Equal(["S1", "D1", "SYSADMIN", "c"], Assert.Single(result.Rows).Skip(1));
    }

    [Fact]
    public async Task ShowSchemas_Scope_IsTheNamedThenTheCurrentDatabaseThenTheAccount()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE DATABASE D2; CREATE SCHEMA S2");

        SqlStatementResult named = await Harness.OkAsync(Admin, "SHOW SCHEMAS IN D1");
        SqlStatementResult current = await Harness.OkAsync(Admin with { Database = "D2" }, "SHOW SCHEMAS");
        SqlStatementResult account = await Harness.OkAsync(Admin, "SHOW SCHEMAS");

        Assert.Equal(["PUBLIC", "S1"], EngineHarness.Column(named, "name"));
        Assert.Equal(["PUBLIC", "S2"], EngineHarness.Column(current, "name"));
        Assert.Equal(["D1", "D1", "D2", "D2"], EngineHarness.Column(account, "database_name"));
    }

    [Fact]
    public async Task ShowSchemas_PerRole_ListsOnlyWhatTheRoleHoldsAPrivilegeOn()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE SCHEMA S2");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        SqlSession nobody = await Harness.UserAsync("BOB", ["NOBODY"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);
        await Harness.GrantAsync("READER", SecurableObject.Schema((await Harness.SchemaAsync("D1", "S2")).Id), Privilege.Usage);

        Assert.Equal(["S2"], EngineHarness.Column(await Harness.OkAsync(reader, "SHOW SCHEMAS IN D1"), "name"));
        Assert.Empty((await Harness.OkAsync(nobody, "SHOW SCHEMAS")).Rows);
    }
}
