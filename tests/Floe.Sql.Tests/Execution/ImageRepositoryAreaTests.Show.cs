using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;

namespace Floe.Sql.Tests.Execution;

/// <summary>SHOW IMAGE REPOSITORIES and SHOW IMAGES IN IMAGE REPOSITORY.</summary>
public sealed partial class ImageRepositoryAreaTests
{
    private const string ShowTutorialImages = "SHOW IMAGES IN IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO";

    [Fact]
    public async Task ShowImageRepositories_Row_HasTheContractsColumnsAndUrl()
    {
        await Harness.OkAsync(Admin, Tutorial + " COMMENT = 'c'");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW IMAGE REPOSITORIES");

        Assert.Equal(
            ["created_on", "name", "database_name", "schema_name", "repository_url", "owner", "owner_role_type", "comment", "encryption"],
            result.Columns.Select(column => column.Name));
        string?[] row = [.. Assert.Single(result.Rows)];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", row[0]);
        Assert.Equal(
            ["TUTORIAL_REPO", "TUTORIAL_DB", "DATA_SCHEMA", "local-dev.registry.localhost:5000/tutorial_db/data_schema/tutorial_repo",
                "SYSADMIN", "ROLE", "c", "SNOWFLAKE_SSE"],
            row.Skip(1));
    }

    [Fact]
    public async Task ShowImageRepositories_DollarInNames_IsUrlEncoded()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE DB$1; CREATE IMAGE REPOSITORY R$X");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW IMAGE REPOSITORIES IN ACCOUNT");

        Assert.Equal(["local-dev.registry.localhost:5000/db%241/public/r%24x"], EngineHarness.Column(result, "repository_url"));
    }

    [Theory]
    [InlineData(null, null, "SHOW IMAGE REPOSITORIES", "A.PUBLIC.R1 A.S.R2 B.PUBLIC.R3")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES", "A.PUBLIC.R1 A.S.R2")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN ACCOUNT", "A.PUBLIC.R1 A.S.R2 B.PUBLIC.R3")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN DATABASE", "A.PUBLIC.R1 A.S.R2")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN DATABASE B", "B.PUBLIC.R3")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN SCHEMA", "A.S.R2")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN SCHEMA PUBLIC", "A.PUBLIC.R1")]
    [InlineData("A", "S", "SHOW IMAGE REPOSITORIES IN B.PUBLIC", "B.PUBLIC.R3")]
    [InlineData(null, null, "SHOW IMAGE REPOSITORIES IN DATABASE", "A.PUBLIC.R1 A.S.R2 B.PUBLIC.R3")]
    [InlineData(null, null, "SHOW IMAGE REPOSITORIES IN SCHEMA", "A.PUBLIC.R1 A.S.R2 B.PUBLIC.R3")]
    public async Task ShowImageRepositories_Scope_FollowsSnowflakesDefaults(string? database, string? schema, string sql, string expected)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE A; CREATE IMAGE REPOSITORY R1; CREATE SCHEMA S; CREATE IMAGE REPOSITORY R2; "
            + "CREATE DATABASE B; CREATE IMAGE REPOSITORY R3");

        SqlStatementResult result = await Harness.OkAsync(Admin with { Database = database, Schema = schema }, sql);

        Assert.Equal(expected, string.Join(' ', result.Rows.Select(row => $"{row[2]}.{row[3]}.{row[1]}")));
    }

    [Fact]
    public async Task ShowImageRepositories_InvisibleOrMissingScope_Fails002003()
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession nobody = await Harness.UserAsync("ALICE", ["NOBODY"]);

        SqlError invisible = await Harness.FailAsync(nobody, "SHOW IMAGE REPOSITORIES IN DATABASE TUTORIAL_DB");
        SqlError missing = await Harness.FailAsync(Admin, "SHOW IMAGE REPOSITORIES IN SCHEMA TUTORIAL_DB.NOPE");

        Assert.Equal("SQL compilation error:\nDatabase 'TUTORIAL_DB' does not exist or not authorized.", invisible.Message);
        Assert.Equal("SQL compilation error:\nSchema 'TUTORIAL_DB.NOPE' does not exist or not authorized.", missing.Message);
    }

    [Fact]
    public async Task ShowImageRepositories_PerRole_ListsWhatTheRoleHoldsAnyPrivilegeOn()
    {
        await Harness.OkAsync(Admin, Tutorial + "; CREATE IMAGE REPOSITORY OTHER");
        SqlSession reader = await ReaderAsync(Privilege.ServiceRead, usage: false);
        SqlSession nobody = await Harness.UserAsync("BOB", ["NOBODY"]);

        Assert.Equal(["OTHER", "TUTORIAL_REPO"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW IMAGE REPOSITORIES"), "name"));
        Assert.Equal(["TUTORIAL_REPO"], EngineHarness.Column(await Harness.OkAsync(reader, "SHOW IMAGE REPOSITORIES"), "name"));
        Assert.Empty((await Harness.OkAsync(nobody, "SHOW IMAGE REPOSITORIES")).Rows);
    }

    [Theory]
    [InlineData("LIKE 'app%'", "APP_ONE APP_TWO")]
    [InlineData("LIKE '%_T%'", "APP_TWO")]
    [InlineData("STARTS WITH 'APP'", "APP_ONE APP_TWO")]
    [InlineData("STARTS WITH 'app'", "")]
    [InlineData("LIMIT 2", "APP_ONE APP_TWO")]
    [InlineData("LIMIT 2 FROM 'B'", "BASE CACHE")]
    [InlineData("LIMIT 1 FROM 'APP_TWO'", "APP_TWO")]
    [InlineData("LIMIT 0", "")]
    [InlineData("LIMIT 2147483647", "APP_ONE APP_TWO BASE CACHE")]
    [InlineData("LIKE '%E' STARTS WITH 'BA' LIMIT 5", "BASE")]
    public async Task ShowImageRepositories_Filters_ApplyToTheVisibleRowsByName(string clauses, string expected)
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE IMAGE REPOSITORY CACHE; CREATE IMAGE REPOSITORY APP_TWO; "
            + "CREATE IMAGE REPOSITORY BASE; CREATE IMAGE REPOSITORY APP_ONE");

        SqlStatementResult result = await Harness.OkAsync(Admin, $"SHOW IMAGE REPOSITORIES {clauses}");

        Assert.Equal(expected, string.Join(' ', EngineHarness.Column(result, "name")));
    }

    [Fact]
    public async Task ShowImages_TaggedAndUntaggedManifests_OneRowPerTagAndPerUntaggedManifest()
    {
        await Harness.OkAsync(Admin, Tutorial);
        RepositoryRecord repository = await TutorialRepositoryAsync();
        Digest v1 = await Harness.PushAsync(repository.Id, "app", "v1");
        Digest latest = await Harness.PushAsync(repository.Id, "app", "latest");
        Digest v2 = await Harness.PushAsync(repository.Id, "app", "V2");
        Digest untagged = await Harness.PushAsync(repository.Id, "app", null, seed: "old");
        Digest tool = await Harness.PushAsync(repository.Id, "team/tool", "1.0");

        SqlStatementResult result = await Harness.OkAsync(Admin, ShowTutorialImages);

        Assert.Equal(["created_on", "image_name", "tags", "digest", "image_path"], result.Columns.Select(column => column.Name));
        const string path = "tutorial_db/data_schema/tutorial_repo/";
        Assert.Equal(
            [
                ["app", "V2", $"{v2}", $"{path}app:V2"],
                ["app", "latest", $"{latest}", $"{path}app:latest"],
                ["app", "v1", $"{v1}", $"{path}app:v1"],
                ["app", "", $"{untagged}", $"{path}app@{untagged}"],
                ["team/tool", "1.0", $"{tool}", $"{path}team/tool:1.0"],
            ],
            result.Rows.Select(row => row.Skip(1).ToArray()));
        Assert.All(result.Rows, row => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", row[0]));
    }

    [Fact]
    public async Task ShowImages_Like_FiltersByImageName()
    {
        await Harness.OkAsync(Admin, Tutorial);
        RepositoryRecord repository = await TutorialRepositoryAsync();
        await Harness.PushAsync(repository.Id, "app", "v1");
        await Harness.PushAsync(repository.Id, "team/tool", "1.0");

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW IMAGES LIKE 'TEAM/%' IN IMAGE REPOSITORY TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO");

        Assert.Equal(["team/tool"], EngineHarness.Column(result, "image_name"));
    }

    [Fact]
    public async Task ShowImages_EmptyRepository_NoRows()
    {
        await Harness.OkAsync(Admin, Tutorial);

        SqlSession inSchema = Admin with { Database = "TUTORIAL_DB", Schema = "DATA_SCHEMA" };

        Assert.Empty((await Harness.OkAsync(inSchema, "SHOW IMAGES IN IMAGE REPOSITORY TUTORIAL_REPO")).Rows);
    }

    [Theory]
    [InlineData(Privilege.Read, UserType.Person)]
    [InlineData(Privilege.Write, UserType.Person)]
    [InlineData(Privilege.Read, UserType.Service)]
    [InlineData(Privilege.ServiceRead, UserType.Service)]
    [InlineData(Privilege.ServiceWrite, UserType.Service)]
    public async Task ShowImages_PullPrivilegeWithUsage_IsAllowed(Privilege privilege, UserType type)
    {
        await Harness.OkAsync(Admin, Tutorial);
        await Harness.PushAsync((await TutorialRepositoryAsync()).Id, "app", "v1");
        SqlSession reader = await ReaderAsync(privilege, type);

        Assert.Equal(["app"], EngineHarness.Column(await Harness.OkAsync(reader, ShowTutorialImages), "image_name"));
    }

    [Theory]
    [InlineData(Privilege.ServiceRead, UserType.Person)]
    [InlineData(Privilege.ServiceWrite, UserType.Person)]
    public async Task ShowImages_ServicePrivilegeForAPerson_Fails003001(Privilege privilege, UserType type)
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession reader = await ReaderAsync(privilege, type);

        SqlError error = await Harness.FailAsync(reader, ShowTutorialImages);

        Assert.Equal(
            new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on image repository 'TUTORIAL_DB.DATA_SCHEMA.TUTORIAL_REPO'"),
            error);
    }

    [Fact]
    public async Task ShowImages_ReadWithoutUsageOnTheSchema_Fails003001()
    {
        await Harness.OkAsync(Admin, Tutorial);
        SqlSession reader = await ReaderAsync(Privilege.Read, usage: false);
        await Harness.GrantAsync("READER", SecurableObject.Database((await Harness.DatabaseAsync("TUTORIAL_DB")).Id), Privilege.Usage);
        await Harness.GrantAsync(
            "READER", SecurableObject.Schema((await Harness.SchemaAsync("TUTORIAL_DB", "DATA_SCHEMA")).Id), Privilege.CreateImageRepository);

        Assert.Equal("003001", (await Harness.FailAsync(reader, ShowTutorialImages)).Code);
    }

    [Fact]
    public async Task ShowImages_QuotedCurrentSchema_Fails001420()
    {
        await Harness.OkAsync(Admin, "CREATE DATABASE D1; CREATE SCHEMA \"lower\"");

        SqlError error = await Harness.FailAsync(Admin with { Database = "D1", Schema = "lower" }, "SHOW IMAGES IN IMAGE REPOSITORY R1");

        Assert.Equal("001420", error.Code);
    }
}
