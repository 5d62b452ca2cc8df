using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.StoreSetup;

namespace Floe.Sql.Tests.Execution;

public sealed class DatabaseAreaTests : EngineTestBase
{
    [Fact]
    public async Task CreateDatabase_AsSysAdmin_OwnedByThePrimaryRoleWithSchemaPublicAndCurrent()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE d1 COMMENT = 'first'");

        Assert.Null(batch.Error);
        Assert.Equal("Database D1 successfully created.", Status(batch.Results[1]));
        DatabaseRecord database = await Harness.DatabaseAsync("D1");
        Assert.Equal(("SYSADMIN", "first"), (database.Owner, database.Comment));
        Assert.Equal("SYSADMIN", (await Harness.SchemaAsync("D1", "PUBLIC")).Owner);
        Assert.Equal(("D1", "PUBLIC"), (batch.Session.Database, batch.Session.Schema));
    }

    [Fact]
    public async Task CreateDatabase_QuotedName_KeepsItsCase()
    {
        SqlStatementResult created = await Harness.OkAsync(Admin, "CREATE DATABASE \"my db\"");

        Assert.Equal("Database \"my db\" successfully created.", Status(created));
        Assert.Equal(["my db"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW DATABASES"), "name"));
    }

    [Fact]
    public async Task CreateDatabase_Existing_Fails002002()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE DATABASE D1; CREATE DATABASE d1");

        Assert.Equal(new SqlError("002002", "42710", "SQL compilation error:\nObject 'D1' already exists."), error);
    }

    [Fact]
    public async Task CreateDatabase_IfNotExistsOnExisting_SucceedsAndChangesNothing()
    {
        SqlBatchResult batch = await Harness.RunAsync(
            Admin, "CREATE DATABASE D1 COMMENT = 'kept'; USE ROLE SYSADMIN; CREATE DATABASE IF NOT EXISTS D1 COMMENT = 'new'");

        Assert.Null(batch.Error);
        Assert.Equal("D1 already exists, statement succeeded.", Status(batch.Results[2]));
        Assert.Equal(("kept", "ACCOUNTADMIN"), ((await Harness.DatabaseAsync("D1")).Comment, (await Harness.DatabaseAsync("D1")).Owner));
    }

    [Fact]
    public async Task CreateDatabase_OrReplace_ReplacesItAndEverythingInIt()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1");
        RepositoryRecord repository = await Harness.RepositoryAsync("D1", "S1", "R1");
        Digest digest = await Harness.PushAsync(repository.Id, "app", "v1");
        long oldId = (await Harness.DatabaseAsync("D1")).Id;

        SqlStatementResult result = await Harness.OkAsync(Admin, "CREATE OR REPLACE DATABASE D1 COMMENT = 'again'");

        Assert.Equal("Database D1 successfully created.", Status(result));
        DatabaseRecord replaced = await Harness.DatabaseAsync("D1");
        Assert.NotEqual(oldId, replaced.Id);
        Assert.Equal("again", replaced.Comment);
        Assert.Equal(["PUBLIC"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW SCHEMAS IN DATABASE D1"), "name"));
        Assert.Null(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
        Assert.Null(await Harness.Store.FindManifestAsync(repository.Id, "app", digest, CancellationToken.None));
    }

    [Fact]
    public async Task CreateDatabase_OrReplaceWithoutOwnership_Fails003001AndKeepsIt()
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1");
        SqlSession creator = await Harness.UserAsync("ALICE", ["CREATOR"]);
        await Harness.GrantAsync("CREATOR", SecurableObject.Account(Harness.Account.Id), Privilege.CreateDatabase);
        await Harness.GrantAsync("CREATOR", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);
        long id = (await Harness.DatabaseAsync("D1")).Id;

        SqlError error = await Harness.FailAsync(creator, "CREATE OR REPLACE DATABASE D1");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on database 'D1'"), error);
        Assert.Equal(id, (await Harness.DatabaseAsync("D1")).Id);
    }

    [Fact]
    public async Task CreateDatabase_PrivilegeOnlyInASecondaryRole_Fails003001()
    {
        // CREATE is authorized by the primary role only, which owns what it creates.
        SqlSession session = await Harness.UserAsync("ALICE", ["NOBODY", "SYSADMIN"]);

        SqlError error = await Harness.FailAsync(session, "CREATE DATABASE D1");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on account 'DEV'"), error);
        Assert.Null(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "D1", CancellationToken.None));
    }

    [Theory]
    [InlineData("CREATE DATABASE D2", "003001", "SQL access control error:\nInsufficient privileges to operate on account 'DEV'")]
    [InlineData("CREATE OR REPLACE DATABASE D1", "003001", "SQL access control error:\nInsufficient privileges to operate on account 'DEV'")]
    [InlineData("DROP DATABASE D1", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("DROP DATABASE D1 RESTRICT", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("ALTER DATABASE D1 SET COMMENT = 'x'", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    [InlineData("ALTER DATABASE D1 UNSET COMMENT", "002003", "SQL compilation error:\nDatabase 'D1' does not exist or not authorized.")]
    public async Task DatabaseStatements_FreshRole_AreRefusedAndChangeNothing(string sql, string code, string message)
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1 COMMENT = 'c'");
        SqlSession nobody = await Harness.UserAsync("ALICE", ["NOBODY"]);

        SqlError error = await Harness.FailAsync(nobody, sql);

        Assert.Equal((code, message), (error.Code, error.Message));
        Assert.Equal(["D1"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW DATABASES"), "name"));
        Assert.Equal("c", (await Harness.DatabaseAsync("D1")).Comment);
    }

    [Theory]
    [InlineData("DROP DATABASE D1", "D1 successfully dropped.")]
    [InlineData("ALTER DATABASE D1 SET COMMENT = 'x'", "Statement executed successfully.")]
    [InlineData("CREATE OR REPLACE DATABASE D1", "Database D1 successfully created.")]
    public async Task DatabaseStatements_OwnerRole_AreAllowed(string sql, string status)
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1");
        SqlSession sysadmin = await Harness.UserAsync("ALICE", ["SYSADMIN"]);

        Assert.Equal(status, Status(await Harness.OkAsync(sysadmin, sql)));
    }

    [Fact]
    public async Task DropDatabase_VisibleButNotOwned_Fails003001()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);

        SqlError error = await Harness.FailAsync(reader, "DROP DATABASE D1");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on database 'D1'"), error);
    }

    [Fact]
    public async Task DropDatabase_Owner_DropsSchemasRepositoriesAndImagesAndClearsTheContext()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE IMAGE REPOSITORY R1");
        RepositoryRecord repository = await Harness.RepositoryAsync("D1", "S1", "R1");
        Digest digest = await Harness.PushAsync(repository.Id, "app", "v1");

        SqlBatchResult batch = await Harness.RunAsync(Admin with { Database = "D1", Schema = "S1" }, "DROP DATABASE D1");

        Assert.Null(batch.Error);
        Assert.Equal("D1 successfully dropped.", Status(batch.Results[0]));
        Assert.Null(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "D1", CancellationToken.None));
        Assert.Null(await Harness.Store.FindSchemaAsync(Harness.Account.Id, "D1", "S1", CancellationToken.None));
        Assert.Null(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
        Assert.Null(await Harness.Store.FindManifestAsync(repository.Id, "app", digest, CancellationToken.None));
        Assert.Empty(await Harness.Store.ListTaggedImagesAsync(repository.Id, CancellationToken.None));
        Assert.Equal((null, null), (batch.Session.Database, batch.Session.Schema));
    }

    [Fact]
    public async Task DropDatabase_Missing_Fails002003()
    {
        SqlError error = await Harness.FailAsync(Admin, "DROP DATABASE NOPE");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nDatabase 'NOPE' does not exist or not authorized."), error);
    }

    [Fact]
    public async Task DropDatabase_IfExistsMissing_SaysAlreadyDropped()
    {
        SqlStatementResult result = await Harness.OkAsync(Admin, "DROP DATABASE IF EXISTS NOPE");

        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", Status(result));
    }

    [Fact]
    public async Task DropDatabase_RestrictWithContents_Fails002043AndKeepsIt()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE IMAGE REPOSITORY R1; CREATE DATABASE D2; CREATE SCHEMA S2");

        SqlError withRepository = await Harness.FailAsync(Admin, "DROP DATABASE D1 RESTRICT");
        SqlError withSchema = await Harness.FailAsync(Admin, "DROP DATABASE D2 RESTRICT");

        Assert.Equal(("002043", "22023"), (withRepository.Code, withRepository.SqlState));
        Assert.StartsWith("SQL compilation error:\nCannot drop database 'D1' with RESTRICT", withRepository.Message, StringComparison.Ordinal);
        Assert.StartsWith("SQL compilation error:\nCannot drop database 'D2' with RESTRICT", withSchema.Message, StringComparison.Ordinal);
        Assert.NotNull(await Harness.FindRepositoryAsync("D1", "PUBLIC", "R1"));
        Assert.NotNull(await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "D2", CancellationToken.None));
    }

    [Theory]
    [InlineData("DROP DATABASE D1 RESTRICT")]
    [InlineData("DROP DATABASE D1 CASCADE")]
    public async Task DropDatabase_EmptyDatabase_DropsWithEitherBehavior(string sql)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");

        Assert.Equal("D1 successfully dropped.", Status(await Harness.OkAsync(Admin, sql)));
    }

    [Fact]
    public async Task AlterDatabase_SetThenUnsetComment_ChangesIt()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; ALTER DATABASE D1 SET COMMENT = 'it''s mine'");
        string? set = (await Harness.DatabaseAsync("D1")).Comment;
        await Harness.OkAsync(Admin, "ALTER DATABASE D1 UNSET COMMENT");

        Assert.Equal("it's mine", set);
        Assert.Null((await Harness.DatabaseAsync("D1")).Comment);
    }

    [Fact]
    public async Task AlterDatabase_VisibleButNotOwned_Fails003001()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("D1")).Id), Privilege.Usage);

        SqlError error = await Harness.FailAsync(reader, "ALTER DATABASE D1 SET COMMENT = 'x'");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on database 'D1'", error.Message);
    }

    [Fact]
    public async Task AlterDatabase_IfExistsMissing_Succeeds()
    {
        Assert.Equal("Statement executed successfully.", Status(await Harness.OkAsync(Admin, "ALTER DATABASE IF EXISTS NOPE SET COMMENT = 'x'")));
    }

    [Fact]
    public async Task ShowDatabases_Columns_AreThoseOfTheContract()
    {
        await Harness.OkAsync(Admin, "USE ROLE SYSADMIN; CREATE DATABASE D1 COMMENT = 'c'");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW DATABASES");

        Assert.Equal(["created_on", "name", "owner", "comment"], result.Columns.Select(column => column.Name));
        Assert.Equal(["D1", "SYSADMIN", "c"], Assert.Single(result.Rows).Skip(1));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", result.Rows[0][0]);
    }

    [Fact]
    public async Task ShowDatabases_PerRole_ListsOnlyWhatTheRoleHoldsAPrivilegeOn()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE A1; CREATE DATABASE B1; USE ROLE SYSADMIN; CREATE DATABASE C1");
        SqlSession reader = await Harness.UserAsync("ALICE", ["READER"]);
        SqlSession nobody = await Harness.UserAsync("BOB", ["NOBODY"]);
        SqlSession sysadmin = await Harness.UserAsync("CAROL", ["SYSADMIN"]);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("B1")).Id), Privilege.Usage);

        Assert.Equal(["A1", "B1", "C1"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW DATABASES"), "name"));
        Assert.Equal(["B1"], EngineHarness.Column(await Harness.OkAsync(reader, "SHOW DATABASES"), "name"));
        Assert.Equal(["C1"], EngineHarness.Column(await Harness.OkAsync(sysadmin, "SHOW DATABASES"), "name"));
        Assert.Empty((await Harness.OkAsync(nobody, "SHOW DATABASES")).Rows);
    }

    [Fact]
    public async Task ShowDatabases_Like_FiltersCaseInsensitively()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE PROD_A; CREATE DATABASE PROD_B; CREATE DATABASE TEST_A");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW DATABASES LIKE 'prod%'");

        Assert.Equal(["PROD_A", "PROD_B"], EngineHarness.Column(result, "name"));
    }
}
