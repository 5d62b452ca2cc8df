using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>CREATE / DROP / SHOW AUTHENTICATION POLICIES.</summary>
public sealed class AuthenticationPolicyAreaTests : SecurityTests
{
    private SqlSession InD => Harness.Admin with { Database = "D", Schema = "PUBLIC" };

    private async Task<AuthenticationPolicyRecord?> PolicyAsync(string name, string schema = "PUBLIC")
    {
        SchemaRecord container = await Harness.SchemaRecordAsync("D", schema);
        return await Harness.Store.FindAuthenticationPolicyAsync(Harness.Account.Id, container.Id, name, CancellationToken.None);
    }

    [Fact]
    public async Task CreatePolicy_WithMethods_StoresThemOwnedByThePrimaryRole()
    {
        await Harness.NewDatabaseAsync("D");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin,
            "CREATE AUTHENTICATION POLICY d.public.no_passwords AUTHENTICATION_METHODS = ('KEYPAIR', 'PROGRAMMATIC_ACCESS_TOKEN') COMMENT = 'pat only'");

        Assert.Equal("Authentication Policy NO_PASSWORDS successfully created.", result.Rows[0][0]);
        AuthenticationPolicyRecord policy = (await PolicyAsync("NO_PASSWORDS"))!;
        Assert.Equal(AuthenticationMethods.KeyPair | AuthenticationMethods.ProgrammaticAccessToken, policy.Methods);
        Assert.Equal(("ACCOUNTADMIN", "pat only"), (policy.Owner, policy.Comment));
    }

    [Fact]
    public async Task CreatePolicy_WithoutMethods_AllowsEveryMethod()
    {
        await Harness.NewDatabaseAsync("D");

        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY open_policy");

        Assert.Equal(AuthenticationMethods.All, (await PolicyAsync("OPEN_POLICY"))!.Methods);
    }

    [Fact]
    public async Task CreatePolicy_Existing_Fails002002_IfNotExistsSucceeds_OrReplaceReplaces()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('PASSWORD')");

        SqlError error = await Harness.FailAsync(InD, "CREATE AUTHENTICATION POLICY p");
        SqlStatementResult skipped = await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY IF NOT EXISTS p");
        Assert.Equal(AuthenticationMethods.Password, (await PolicyAsync("P"))!.Methods);
        await Harness.OkAsync(InD, "CREATE OR REPLACE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('KEYPAIR')");

        Assert.Equal("SQL compilation error:\nObject 'P' already exists.", error.Message);
        Assert.Equal("P already exists, statement succeeded.", skipped.Rows[0][0]);
        Assert.Equal(AuthenticationMethods.KeyPair, (await PolicyAsync("P"))!.Methods);
    }

    [Fact]
    public async Task CreatePolicy_OrReplaceWhileSet_IsRefused()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p; ALTER ACCOUNT SET AUTHENTICATION POLICY p");

        SqlError error = await Harness.FailAsync(InD, "CREATE OR REPLACE AUTHENTICATION POLICY p");

        Assert.Equal("SQL compilation error:\nPolicy P cannot be dropped/replaced as it is associated with one or more entities.", error.Message);
    }

    [Fact]
    public async Task CreatePolicy_WithCreatePrivilegeOnSchema_Succeeds()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE policy_admin; GRANT CREATE AUTHENTICATION POLICY ON SCHEMA d.public TO ROLE policy_admin; " + UsageOnDPublic("policy_admin"));
        SqlSession session = await Harness.UserWithRoleAsync("PAM", "POLICY_ADMIN");

        await Harness.OkAsync(session, "CREATE AUTHENTICATION POLICY d.public.p");

        Assert.Equal("POLICY_ADMIN", (await PolicyAsync("P"))!.Owner);
    }

    [Fact]
    public async Task CreatePolicy_UsageOnSchemaOnly_Fails003001()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; " + UsageOnDPublic("reader"));
        SqlSession session = await Harness.UserWithRoleAsync("RITA", "READER");

        SqlError error = await Harness.FailAsync(session, "CREATE AUTHENTICATION POLICY d.public.p");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on schema 'D.PUBLIC'", error.Message);
        Assert.Null(await PolicyAsync("P"));
    }

    [Fact]
    public async Task CreatePolicy_CreatePrivilegeWithoutUsageOnTheDatabase_Fails002003()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE policy_admin; GRANT CREATE AUTHENTICATION POLICY, USAGE ON SCHEMA d.public TO ROLE policy_admin");
        SqlSession session = await Harness.UserWithRoleAsync("PAM", "POLICY_ADMIN");

        SqlError error = await Harness.FailAsync(session, "CREATE AUTHENTICATION POLICY d.public.p");

        Assert.Equal("SQL compilation error:\nDatabase 'D' does not exist or not authorized.", error.Message);
        Assert.Null(await PolicyAsync("P"));
    }

    [Fact]
    public async Task CreatePolicy_MissingOrInvisibleSchema_Fails002003()
    {
        await Harness.NewDatabaseAsync("D");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError missing = await Harness.FailAsync(Harness.Admin, "CREATE AUTHENTICATION POLICY d.ghost.p");
        SqlError invisible = await Harness.FailAsync(nobody, "CREATE AUTHENTICATION POLICY d.public.p");
        SqlError noContext = await Harness.FailAsync(Harness.Admin, "CREATE AUTHENTICATION POLICY p");

        Assert.Equal("SQL compilation error:\nSchema 'D.GHOST' does not exist or not authorized.", missing.Message);
        Assert.Equal("SQL compilation error:\nSchema 'D.PUBLIC' does not exist or not authorized.", invisible.Message);
        Assert.Equal("090105", noContext.Code);
    }

    [Fact]
    public async Task DropPolicy_Owner_DropsIt()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p");

        SqlStatementResult result = await Harness.OkAsync(InD, "DROP AUTHENTICATION POLICY p");

        Assert.Equal("P successfully dropped.", result.Rows[0][0]);
        Assert.Null(await PolicyAsync("P"));
    }

    [Fact]
    public async Task DropPolicy_WhileSetOnAUser_IsRefused()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p; CREATE USER bob; ALTER USER bob SET AUTHENTICATION POLICY p");

        SqlError error = await Harness.FailAsync(InD, "DROP AUTHENTICATION POLICY p");

        Assert.Equal("002043", error.Code);
        Assert.NotNull(await PolicyAsync("P"));
    }

    [Fact]
    public async Task DropPolicy_MissingInvisibleOrNotOwned()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);
        await Harness.OkAsync(Harness.Admin, UsageOnDPublic("securityadmin"));

        SqlError missing = await Harness.FailAsync(InD, "DROP AUTHENTICATION POLICY ghost");
        SqlStatementResult ifExists = await Harness.OkAsync(InD, "DROP AUTHENTICATION POLICY IF EXISTS ghost");
        SqlError invisible = await Harness.FailAsync(nobody, "DROP AUTHENTICATION POLICY d.public.p");
        SqlError notOwned = await Harness.FailAsync(securityAdmin, "DROP AUTHENTICATION POLICY d.public.p");

        Assert.Equal("SQL compilation error:\nAuthentication Policy 'D.PUBLIC.GHOST' does not exist or not authorized.", missing.Message);
        Assert.Equal("Drop statement executed successfully (GHOST already dropped).", ifExists.Rows[0][0]);
        Assert.Equal("SQL compilation error:\nAuthentication Policy 'D.PUBLIC.P' does not exist or not authorized.", invisible.Message);
        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on authentication policy 'D.PUBLIC.P'", notOwned.Message);
    }

    [Fact]
    public async Task ShowPolicies_ColumnsAndValues()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('PASSWORD', 'KEYPAIR') COMMENT = 'c'; CREATE AUTHENTICATION POLICY q");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES IN ACCOUNT");

        Assert.Equal(
            ["created_on", "name", "database_name", "schema_name", "kind", "owner", "comment", "owner_role_type", "authentication_methods"],
            ColumnNames(result));
        var rows = Rows(result);
        Assert.Equal(("P", "D", "PUBLIC", "AUTHENTICATION_POLICY", "ACCOUNTADMIN", "c", "ROLE", "[PASSWORD, KEYPAIR]"),
            (rows[0]["name"], rows[0]["database_name"], rows[0]["schema_name"], rows[0]["kind"], rows[0]["owner"], rows[0]["comment"],
             rows[0]["owner_role_type"], rows[0]["authentication_methods"]));
        Assert.Equal("[ALL]", rows[1]["authentication_methods"]);
    }

    [Fact]
    public async Task ShowPolicies_Scopes_LikeStartsWithAndLimit()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.NewDatabaseAsync("E");
        await Harness.OkAsync(Harness.Admin,
            "CREATE AUTHENTICATION POLICY d.public.alpha; CREATE AUTHENTICATION POLICY d.public.beta; CREATE AUTHENTICATION POLICY e.public.gamma");

        Assert.Equal(["ALPHA", "BETA", "GAMMA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES")));
        Assert.Equal(["ALPHA", "BETA"], Names(await Harness.OkAsync(InD, "SHOW AUTHENTICATION POLICIES")));
        Assert.Equal(["GAMMA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES IN DATABASE e")));
        Assert.Equal(["ALPHA", "BETA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES IN SCHEMA d.public")));
        Assert.Equal(["BETA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES LIKE 'b%'")));
        Assert.Equal(["GAMMA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES STARTS WITH 'GA'")));
        Assert.Equal(["BETA"], Names(await Harness.OkAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES IN ACCOUNT LIMIT 1 FROM 'B'")));
        SqlError missing = await Harness.FailAsync(Harness.Admin, "SHOW AUTHENTICATION POLICIES IN DATABASE ghost");
        Assert.Equal("002003", missing.Code);
    }

    [Fact]
    public async Task ShowPolicies_RoleWithoutPrivileges_SeesNone()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD, "CREATE AUTHENTICATION POLICY p");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        Assert.Empty((await Harness.OkAsync(nobody, "SHOW AUTHENTICATION POLICIES")).Rows);
    }

    private static IReadOnlyList<string?> Names(SqlStatementResult result) => EngineHarness.Column(result, "name");
}
