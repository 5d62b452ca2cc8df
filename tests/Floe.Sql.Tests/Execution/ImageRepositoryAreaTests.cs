using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.StoreSetup;

namespace Floe.Sql.Tests.Execution;

/// <summary>CREATE, ALTER and DROP IMAGE REPOSITORY; the SHOW statements are in <c>ImageRepositoryAreaTests.Show.cs</c>.</summary>
public sealed partial class ImageRepositoryAreaTests : EngineTestBase
{
    private const string Tutorial =
        "USE ROLE SYSADMIN; CREATE DATABASE TUTORIAL_DB; CREATE SCHEMA DATA_SCHEMA; CREATE IMAGE REPOSITORY TUTORIAL_REPO";

    [Fact]
    public async Task CreateImageRepository_InTheCurrentSchema_OwnedByThePrimaryRole()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, Tutorial);

        Assert.Null(batch.Error);
        Assert.Equal("Image Repository TUTORIAL_REPO successfully created.", Status(batch.Results[^1]));
        RepositoryRecord repository = await TutorialRepositoryAsync();
        Assert.Equal(("SYSADMIN", "SNOWFLAKE_SSE", null), (repository.OwnerRole, repository.Encryption, repository.Comment));
    }

    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY D1.S1.R1")]
    [InlineData("CREATE IMAGE REPOSITORY S1.R1")]
    [InlineData("create image repository r1")]
    public async Task CreateImageRepository_OneToThreeParts_CompletedFromTheSession(string sql)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA S1; CREATE DATABASE D2; CREATE SCHEMA S2; USE SCHEMA D1.S1");

        await Harness.OkAsync(Admin with { Database = "D1", Schema = "S1" }, sql);

        Assert.NotNull(await Harness.FindRepositoryAsync("D1", "S1", "R1"));
    }

    [Fact]
    public async Task CreateImageRepository_EncryptionAndComment_AreKept()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE IMAGE REPOSITORY R1 ENCRYPTION = (TYPE = 'snowflake_full') COMMENT = 'c'");

        RepositoryRecord repository = await Harness.RepositoryAsync("D1", "PUBLIC", "R1");
        Assert.Equal(("SNOWFLAKE_FULL", "c"), (repository.Encryption, repository.Comment));
    }

    [Theory]
    [InlineData("CREATE DATABASE \"my db\"", "database", "\"my db\"")]
    [InlineData("CREATE DATABASE \"mydb\"", "database", "\"mydb\"")]
    [InlineData("CREATE DATABASE D1; CREATE SCHEMA \"my schema\"", "schema", "\"my schema\"")]
    public async Task CreateImageRepository_QuotedCurrentContainer_Fails001420(string setup, string what, string shown)
    {
        SqlBatchResult prepared = await Harness.RunAsync(Admin, setup);

        SqlError error = await Harness.FailAsync(prepared.Session, "CREATE IMAGE REPOSITORY R1");

        Assert.Equal(("001420", "22023"), (error.Code, error.SqlState));
        Assert.StartsWith(
            $"SQL compilation error:\nthe current {what} {shown} is a quoted identifier, which is not supported here: an image repository",
            error.Message,
            StringComparison.Ordinal);
        Assert.Empty(await Harness.Store.ListRepositoriesAsync(Harness.Account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CreateImageRepository_QuotedUpperCaseCurrentDatabase_IsTheUnquotedName()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE \"MYDB\"; CREATE IMAGE REPOSITORY R1");

        Assert.NotNull(await Harness.FindRepositoryAsync("MYDB", "PUBLIC", "R1"));
    }

    [Fact]
    public async Task CreateImageRepository_NoCurrentSchema_SaysSo()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE DATABASE D1; DROP SCHEMA PUBLIC; CREATE IMAGE REPOSITORY R1");

        Assert.Equal("090105", error.Code);
        Assert.StartsWith("Cannot perform CREATE IMAGE REPOSITORY. This session does not have a current schema.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateImageRepository_Existing_Fails002002AndIfNotExistsSucceeds()
    {
        await Harness.OkAsync(Admin, Tutorial);

        SqlError error = await Harness.FailAsync(Admin, "CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO");
        SqlStatementResult skipped = await Harness.OkAsync(
            Admin, "CREATE IMAGE REPOSITORY IF NOT EXISTS TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO COMMENT = 'new'");

        Assert.Equal(new SqlError("002002", "42710", "SQL compilation error:\nObject 'TUTORIAL_REPO' already exists."), error);
        Assert.Equal("TUTORIAL_REPO already exists, statement succeeded.", Status(skipped));
        Assert.Null((await TutorialRepositoryAsync()).Comment);
    }

    [Fact]
    public async Task CreateImageRepository_OrReplace_SwapsInAnEmptyRepositoryAndDropsTheOldGrants()
    {
        await Harness.OkAsync(Admin, Tutorial);
        RepositoryRecord old = await TutorialRepositoryAsync();
        Digest digest = await Harness.PushAsync(old.Id, "app", "v1");
        SqlSession reader = await ReaderAsync(Privilege.Read);

        SqlStatementResult result = await Harness.OkAsync(
            Admin, "CREATE OR REPLACE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO COMMENT = 'fresh'");

        Assert.Equal("Image Repository TUTORIAL_REPO successfully created.", Status(result));
        RepositoryRecord replaced = await TutorialRepositoryAsync();
        Assert.NotEqual(old.Id, replaced.Id);
        Assert.Equal(("fresh", "ACCOUNTADMIN"), (replaced.Comment, replaced.OwnerRole));
        Assert.Null(await Harness.Store.FindManifestAsync(old.Id, "app", digest, CancellationToken.None));
        Assert.Empty((await Harness.OkAsync(Admin, "SHOW IMAGES IN IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO")).Rows);
        Assert.Empty((await Harness.OkAsync(reader, "SHOW IMAGE REPOSITORIES IN ACCOUNT")).Rows);
    }

    [Fact]
    public async Task CreateImageRepository_OrReplaceWithoutOwnership_Fails003001AndKeepsIt()
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession builder = await BuilderAsync(Privilege.Usage, Privilege.CreateImageRepository);
        await Harness.GrantAsync("BUILDER", SecurableObject.ImageRepository((await TutorialRepositoryAsync()).Id), Privilege.Read);
        long id = (await TutorialRepositoryAsync()).Id;

        SqlError error = await Harness.FailAsync(builder, "CREATE OR REPLACE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO");

        Assert.Equal(
            new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on image repository 'TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO'"),
            error);
        Assert.Equal(id, (await TutorialRepositoryAsync()).Id);
    }

    [Fact]
    public async Task CreateImageRepository_UsageAndCreateOnTheSchema_IsAllowedAndOwnedByThatRole()
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession builder = await BuilderAsync(Privilege.Usage, Privilege.CreateImageRepository);

        await Harness.OkAsync(builder, "CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE");

        Assert.Equal("BUILDER", (await Harness.RepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "MINE")).OwnerRole);
    }

    [Theory]
    [InlineData(new Privilege[0], "002003", "SQL compilation error:\nSchema 'TUTORIAL_DB.DATA_SCHEMA' does not exist or not authorized.")]
    [InlineData(new[] { Privilege.Usage }, "003001", "SQL access control error:\nInsufficient privileges to operate on schema 'TUTORIAL_DB.DATA_SCHEMA'")]
    [InlineData(new[] { Privilege.CreateImageRepository }, "002003", "SQL compilation error:\nSchema 'TUTORIAL_DB.DATA_SCHEMA' does not exist or not authorized.")]
    public async Task CreateImageRepository_MissingSchemaPrivileges_AreRefused(Privilege[] onSchema, string code, string message)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession builder = await BuilderAsync(onSchema);

        SqlError error = await Harness.FailAsync(builder, "CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE");

        Assert.Equal((code, message), (error.Code, error.Message));
        Assert.Null(await Harness.FindRepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "MINE"));
    }

    [Fact]
    public async Task CreateImageRepository_CreatePrivilegeOnlyInASecondaryRole_Fails003001()
    {
        await Harness.OkAsync(Admin, Tutorial);
        await BuilderAsync(Privilege.Usage, Privilege.CreateImageRepository);
        SqlSession session = await Harness.UserAsync("BOB", ["NOBODY", "BUILDER"]);

        SqlError error = await Harness.FailAsync(session, "CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on schema 'TUTORIAL_DB.DATA_SCHEMA'", error.Message);
    }

    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE")]
    [InlineData("CREATE OR REPLACE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO")]
    [InlineData("DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO")]
    [InlineData("ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO SET COMMENT = 'x'")]
    [InlineData("SHOW IMAGES IN IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO")]
    public async Task RepositoryStatements_FreshRole_AreRefusedAsNotFoundAndChangeNothing(string sql)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession nobody = await Harness.UserAsync("ALICE", ["NOBODY"]);
        long id = (await TutorialRepositoryAsync()).Id;

        SqlError error = await Harness.FailAsync(nobody, sql);

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nDatabase 'TUTORIAL_DB' does not exist or not authorized."), error);
        Assert.Equal((id, null), ((await TutorialRepositoryAsync()).Id, (await TutorialRepositoryAsync()).Comment));
        Assert.Single(await Harness.Store.ListRepositoriesAsync(Harness.Account.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO", "TUTORIAL_REPO successfully dropped.")]
    [InlineData("ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO SET COMMENT = 'x'", "Statement executed successfully.")]
    [InlineData("ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO UNSET COMMENT", "Statement executed successfully.")]
    [InlineData("CREATE OR REPLACE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO", "Image Repository TUTORIAL_REPO successfully created.")]
    public async Task RepositoryStatements_OwnerRole_AreAllowed(string sql, string status)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession sysadmin = await Harness.UserAsync("ALICE", ["SYSADMIN"]);

        Assert.Equal(status, Status(await Harness.OkAsync(sysadmin, sql)));
    }

    [Theory]
    [InlineData("DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO")]
    [InlineData("ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO SET COMMENT = 'x'")]
    public async Task RepositoryStatements_ReaderOrWriter_NeedOwnership(string sql)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession writer = await ReaderAsync(Privilege.Write);

        SqlError error = await Harness.FailAsync(writer, sql);

        Assert.Equal(
            "SQL access control error:\nInsufficient privileges to operate on image repository 'TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO'",
            error.Message);
        Assert.NotNull(await Harness.FindRepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "TUTORIAL_REPO"));
    }

    [Fact]
    public async Task DropImageRepository_ContainersVisibleRepositoryNot_Fails002003()
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession builder = await BuilderAsync(Privilege.Usage);

        SqlError error = await Harness.FailAsync(builder, "DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO");

        Assert.Equal(
            new SqlError("002003", "02000", "SQL compilation error:\nImage Repository 'TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO' does not exist or not authorized."),
            error);
    }

    [Theory]
    [InlineData("DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE")]
    [InlineData("ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE SET COMMENT = 'x'")]
    [InlineData("CREATE OR REPLACE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE")]
    public async Task RepositoryStatements_OwnerWithoutUsageOnTheSchema_Fail002003(string sql)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession builder = await BuilderAsync(Privilege.Usage, Privilege.CreateImageRepository);
        await Harness.OkAsync(builder, "CREATE IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.MINE");
        await Harness.Store.RevokePrivilegesAsync(
            Harness.Account.Id,
            SecurableObject.Schema((await Harness.SchemaAsync("TUTORIAL_DB", "DATA_SCHEMA")).Id),
            [Privilege.Usage],
            await Harness.RoleAsync("BUILDER"),
            false,
            CancellationToken.None);

        SqlError error = await Harness.FailAsync(builder, sql);

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nSchema 'TUTORIAL_DB.DATA_SCHEMA' does not exist or not authorized."), error);
        Assert.Equal("BUILDER", (await Harness.RepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "MINE")).OwnerRole);
    }

    [Fact]
    public async Task DropImageRepository_Owner_RemovesItWithAllItsImages()
    {
        await Harness.OkAsync(Admin, Tutorial);
        RepositoryRecord repository = await TutorialRepositoryAsync();
        Digest tagged = await Harness.PushAsync(repository.Id, "app", "v1");
        Digest untagged = await Harness.PushAsync(repository.Id, "tools/cli", null);

        SqlStatementResult result = await Harness.OkAsync(Admin, "DROP IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO");

        Assert.Equal("TUTORIAL_REPO successfully dropped.", Status(result));
        Assert.Null(await Harness.FindRepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "TUTORIAL_REPO"));
        Assert.Null(await Harness.Store.FindManifestAsync(repository.Id, "app", tagged, CancellationToken.None));
        Assert.Null(await Harness.Store.FindManifestAsync(repository.Id, "tools/cli", untagged, CancellationToken.None));
        Assert.Empty(await Harness.Store.ListImageNamesAsync(Harness.Account.Id, null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task DropImageRepository_MissingAndIfExists_AnswerLikeSnowflake()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");

        SqlSession inD1 = Admin with { Database = "D1", Schema = "PUBLIC" };

        SqlError error = await Harness.FailAsync(inD1, "DROP IMAGE REPOSITORY NOPE");
        SqlStatementResult skipped = await Harness.OkAsync(inD1, "DROP IMAGE REPOSITORY IF EXISTS NOPE");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nImage Repository 'D1.PUBLIC.NOPE' does not exist or not authorized."), error);
        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", Status(skipped));
    }

    [Fact]
    public async Task AlterImageRepository_SetAndUnsetComment_ChangeIt()
    {
        await Harness.OkAsync(Admin, Tutorial + "; ALTER IMAGE REPOSITORY TUTORIAL_REPO SET COMMENT = 'images'");
        string? set = (await TutorialRepositoryAsync()).Comment;
        await Harness.OkAsync(Admin, "ALTER IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO UNSET COMMENT");

        Assert.Equal("images", set);
        Assert.Null((await TutorialRepositoryAsync()).Comment);
    }

    [Fact]
    public async Task AlterImageRepository_IfExistsMissing_Succeeds()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1");

        Assert.Equal(
            "Statement executed successfully.",
            Status(await Harness.OkAsync(Admin with { Database = "D1", Schema = "PUBLIC" }, "ALTER IMAGE REPOSITORY IF EXISTS NOPE SET COMMENT = 'x'")));
    }

    private Task<RepositoryRecord> TutorialRepositoryAsync() => Harness.RepositoryAsync("TUTORIAL_DB", "DATA_SCHEMA", "TUTORIAL_REPO");

    /// <summary>User ALICE with role BUILDER: USAGE on TUTORIAL_DB and <paramref name="onSchema"/> on DATA_SCHEMA.</summary>
    private async Task<SqlSession> BuilderAsync(params Privilege[] onSchema)
    {
        SqlSession session = await Harness.UserAsync("ALICE", ["BUILDER"]);
        await Harness.GrantAsync("BUILDER", SecurableObject.Database((await Harness.DatabaseAsync("TUTORIAL_DB")).Id), Privilege.Usage);
        if (onSchema.Length > 0)
        {
            await Harness.GrantAsync("BUILDER", SecurableObject.Schema((await Harness.SchemaAsync("TUTORIAL_DB", "DATA_SCHEMA")).Id), onSchema);
        }

        return session;
    }

    /// <summary>
    /// User READER (of <paramref name="type"/>) with role READER: USAGE on the tutorial's database and
    /// schema and <paramref name="privilege"/> on its repository.
    /// </summary>
    private async Task<SqlSession> ReaderAsync(Privilege privilege, UserType type = UserType.Person, bool usage = true)
    {
        SqlSession session = await Harness.UserAsync("READER", ["READER"], type);
        if (usage)
        {
            await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("TUTORIAL_DB")).Id), Privilege.Usage);
            await Harness.GrantAsync("READER", SecurableObject.Schema((await Harness.SchemaAsync("TUTORIAL_DB", "DATA_SCHEMA")).Id), Privilege.Usage);
        }

        await Harness.GrantAsync("READER", SecurableObject.ImageRepository((await TutorialRepositoryAsync()).Id), privilege);
        return session;
    }
}
