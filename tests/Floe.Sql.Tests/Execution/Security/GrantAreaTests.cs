using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>GRANT / REVOKE privileges and GRANT OWNERSHIP, checked through the Authorizer.</summary>
public sealed class GrantAreaTests : SecurityTests
{
    private async Task<RepositoryRecord> RepositoryAsync()
    {
        await Harness.NewDatabaseAsync("D");
        return await Harness.NewRepositoryAsync("D", "PUBLIC", "R");
    }

    [Fact]
    public async Task GrantOnRepository_ToRole_RoleHoldsItAndNotMore()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        Assert.True(await Harness.RoleHasAsync("PULLER", target, Privilege.Read));
        Assert.False(await Harness.RoleHasAsync("PULLER", target, Privilege.Write));
        Assert.False(await Harness.RoleCanGrantAsync("PULLER", target, Privilege.Read));
    }

    [Fact]
    public async Task GrantOnRepository_NameFromSessionContext_ResolvesDatabaseAndSchema()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");

        await Harness.OkAsync(Harness.Admin with { Database = "D", Schema = "PUBLIC" }, "GRANT WRITE ON IMAGE REPOSITORY r TO ROLE puller");

        Assert.True(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.Write));
    }

    [Fact]
    public async Task GrantWithGrantOption_Holder_MayPassItOnButNotOtherPrivileges()
    {
        RepositoryRecord repository = await RepositoryAsync();
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE other; CREATE ROLE lead; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE lead WITH GRANT OPTION; " + UsageOnDPublic("lead"));
        SqlSession lead = await Harness.UserWithRoleAsync("LEADER", "LEAD");

        await Harness.OkAsync(lead, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE other");
        SqlError error = await Harness.FailAsync(lead, "GRANT WRITE ON IMAGE REPOSITORY d.public.r TO ROLE other");

        Assert.True(await Harness.RoleCanGrantAsync("LEAD", target, Privilege.Read));
        Assert.True(await Harness.RoleHasAsync("OTHER", target, Privilege.Read));
        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on image repository 'D.PUBLIC.R'", error.Message);
        Assert.False(await Harness.RoleHasAsync("OTHER", target, Privilege.Write));
    }

    [Fact]
    public async Task Grant_GrantOptionHolderWithoutUsageOnContainers_Fails002003()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE lead; CREATE ROLE other; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE lead WITH GRANT OPTION; "
            + "GRANT USAGE ON DATABASE d TO ROLE lead");
        SqlSession lead = await Harness.UserWithRoleAsync("LEADER", "LEAD");

        SqlError error = await Harness.FailAsync(lead, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE other");

        Assert.Equal("SQL compilation error:\nSchema 'D.PUBLIC' does not exist or not authorized.", error.Message);
        Assert.Empty((await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE other")).Rows);
    }

    [Fact]
    public async Task Grant_ManageGrantsWithoutUsageOnContainers_IsAllowed()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE other");
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        await Harness.OkAsync(securityAdmin, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE other");
    }

    [Fact]
    public async Task GrantAll_OnEachKind_ExpandsToItsPrivilegesButOwnership()
    {
        RepositoryRecord repository = await RepositoryAsync();
        DatabaseRecord database = (await Harness.Store.FindDatabaseAsync(Harness.Account.Id, "D", CancellationToken.None))!;
        SchemaRecord schema = await Harness.SchemaRecordAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE everything");

        await Harness.OkAsync(Harness.Admin,
            "GRANT ALL ON IMAGE REPOSITORY d.public.r TO ROLE everything; GRANT ALL PRIVILEGES ON SCHEMA d.public TO ROLE everything; "
            + "GRANT ALL ON DATABASE d TO ROLE everything; GRANT ALL ON ACCOUNT TO ROLE everything");

        var privileges = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE everything"))
            .Select(row => row["granted_on"] + ":" + row["privilege"]).ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                "IMAGE_REPOSITORY:READ", "IMAGE_REPOSITORY:WRITE", "IMAGE_REPOSITORY:SERVICE READ", "IMAGE_REPOSITORY:SERVICE WRITE",
                "SCHEMA:USAGE", "SCHEMA:CREATE IMAGE REPOSITORY", "SCHEMA:CREATE AUTHENTICATION POLICY",
                "DATABASE:USAGE", "DATABASE:CREATE SCHEMA",
                "ACCOUNT:CREATE DATABASE", "ACCOUNT:CREATE ROLE", "ACCOUNT:CREATE USER", "ACCOUNT:MANAGE GRANTS", "ACCOUNT:CREATE ACCOUNT", "ACCOUNT:MONITOR",
            },
            privileges);
        Assert.False(await Harness.RoleHasAsync("EVERYTHING", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
        Assert.True(await Harness.RoleHasAsync("EVERYTHING", SecurableObject.Schema(schema.Id), Privilege.CreateImageRepository));
        Assert.True(await Harness.RoleHasAsync("EVERYTHING", SecurableObject.Database(database.Id), Privilege.CreateSchema));
    }

    [Fact]
    public async Task GrantAll_ByGrantOptionHolder_GrantsOnlyWhatItMayPassOn()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE lead; CREATE ROLE other; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE lead WITH GRANT OPTION; " + UsageOnDPublic("lead"));
        SqlSession lead = await Harness.UserWithRoleAsync("LEADER", "LEAD");

        await Harness.OkAsync(lead, "GRANT ALL ON IMAGE REPOSITORY d.public.r TO ROLE other");

        var granted = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE other"));
        Assert.Equal(["READ"], granted.Select(row => row["privilege"]));
        Assert.Equal("LEAD", granted[0]["granted_by"]);
    }

    [Fact]
    public async Task GrantCreateAccount_InAnAccountThatIsNotTheOrganizations_Fails22023()
    {
        (AccountRecord _, SqlSession otherAdmin) = await Harness.SecondAccountAsync();
        await Harness.OkAsync(otherAdmin, "CREATE ROLE r");

        SqlError error = await Harness.FailAsync(otherAdmin, "GRANT CREATE ACCOUNT ON ACCOUNT TO ROLE r");
        await Harness.OkAsync(otherAdmin, "GRANT ALL ON ACCOUNT TO ROLE r");

        Assert.Equal("22023", error.SqlState);
        Assert.DoesNotContain("CREATE ACCOUNT", EngineHarness.Column(await Harness.OkAsync(otherAdmin, "SHOW GRANTS TO ROLE r"), "privilege"));
    }

    [Fact]
    public async Task Grant_ObjectMissingOrInvisible_Fails002003()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE r");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError missing = await Harness.FailAsync(Harness.Admin, "GRANT READ ON IMAGE REPOSITORY d.public.ghost TO ROLE r");
        SqlError invisible = await Harness.FailAsync(nobody, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE r");
        SqlError database = await Harness.FailAsync(Harness.Admin, "GRANT USAGE ON DATABASE ghost TO ROLE r");
        SqlError schema = await Harness.FailAsync(Harness.Admin, "GRANT USAGE ON SCHEMA d.ghost TO ROLE r");

        Assert.Equal("SQL compilation error:\nImage Repository 'D.PUBLIC.GHOST' does not exist or not authorized.", missing.Message);
        Assert.Equal("SQL compilation error:\nImage Repository 'D.PUBLIC.R' does not exist or not authorized.", invisible.Message);
        Assert.Equal("SQL compilation error:\nDatabase 'GHOST' does not exist or not authorized.", database.Message);
        Assert.Equal("SQL compilation error:\nSchema 'D.GHOST' does not exist or not authorized.", schema.Message);
    }

    [Fact]
    public async Task Grant_ToMissingRole_Fails002003()
    {
        await RepositoryAsync();

        SqlError error = await Harness.FailAsync(Harness.Admin, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE ghost");

        Assert.Equal("SQL compilation error:\nRole 'GHOST' does not exist or not authorized.", error.Message);
    }

    [Fact]
    public async Task Grant_RepositoryWithoutCurrentDatabase_Fails090105()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE r");

        SqlError error = await Harness.FailAsync(Harness.Admin, "GRANT READ ON IMAGE REPOSITORY r TO ROLE r");

        Assert.Equal("090105", error.Code);
    }

    [Fact]
    public async Task Revoke_Privilege_RoleLosesIt()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE r; GRANT READ, WRITE ON IMAGE REPOSITORY d.public.r TO ROLE r");

        await Harness.OkAsync(Harness.Admin, "REVOKE WRITE ON IMAGE REPOSITORY d.public.r FROM ROLE r");

        Assert.True(await Harness.RoleHasAsync("R", SecurableObject.ImageRepository(repository.Id), Privilege.Read));
        Assert.False(await Harness.RoleHasAsync("R", SecurableObject.ImageRepository(repository.Id), Privilege.Write));
    }

    [Fact]
    public async Task RevokeAll_RemovesEveryPrivilegeButOwnership()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE r; GRANT ALL ON IMAGE REPOSITORY d.public.r TO ROLE r");

        await Harness.OkAsync(Harness.Admin, "REVOKE ALL PRIVILEGES ON IMAGE REPOSITORY d.public.r FROM ROLE r");

        Assert.Empty((await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE r")).Rows);
        Assert.True(await Harness.RoleHasAsync("SYSADMIN", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
    }

    [Fact]
    public async Task RevokeGrantOptionFor_KeepsThePrivilegeWithoutTheOption()
    {
        RepositoryRecord repository = await RepositoryAsync();
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE r; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE r WITH GRANT OPTION");

        await Harness.OkAsync(Harness.Admin, "REVOKE GRANT OPTION FOR READ ON IMAGE REPOSITORY d.public.r FROM ROLE r");

        Assert.True(await Harness.RoleHasAsync("R", target, Privilege.Read));
        Assert.False(await Harness.RoleCanGrantAsync("R", target, Privilege.Read));
    }

    [Fact]
    public async Task Revoke_ByTheGrantor_IsAllowed()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE lead; CREATE ROLE other; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE lead WITH GRANT OPTION; " + UsageOnDPublic("lead"));
        SqlSession lead = await Harness.UserWithRoleAsync("LEADER", "LEAD");
        await Harness.OkAsync(lead, "GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE other");

        await Harness.OkAsync(lead, "REVOKE READ ON IMAGE REPOSITORY d.public.r FROM ROLE other");

        Assert.Empty((await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE other")).Rows);
    }

    [Fact]
    public async Task Revoke_NeitherGrantorNorOwner_Fails003001AndKeepsTheGrant()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller; " + UsageOnDPublic("puller"));
        SqlSession puller = await Harness.UserWithRoleAsync("PAUL", "PULLER");

        SqlError error = await Harness.FailAsync(puller, "REVOKE READ ON IMAGE REPOSITORY d.public.r FROM ROLE puller");

        Assert.Equal("003001", error.Code);
        Assert.Contains("READ", EngineHarness.Column(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS TO ROLE puller"), "privilege"));
    }

    [Fact]
    public async Task GrantOwnership_WithoutGrants_TransfersIt()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON IMAGE REPOSITORY d.public.r TO ROLE team");

        Assert.True(await Harness.RoleHasAsync("TEAM", target, Privilege.Ownership));
        Assert.False(await Harness.RoleHasAsync("SYSADMIN", target, Privilege.Ownership));
        Assert.Equal("TEAM", (await Harness.Store.FindImageRepositoryByIdAsync(Harness.Account.Id, repository.Id, CancellationToken.None))!.OwnerRole);
    }

    [Fact]
    public async Task GrantOwnership_WithGrantsAndNoOption_FailsWithSnowflakesDependentGrantError()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller");

        SqlError error = await Harness.FailAsync(Harness.Admin, "GRANT OWNERSHIP ON IMAGE REPOSITORY d.public.r TO ROLE team");

        Assert.Equal(("002043", "22023"), (error.Code, error.SqlState));
        Assert.StartsWith(
            "SQL compilation error:\nDependent grant of privilege 'READ' on securable 'D.PUBLIC.R' to role 'PULLER' exists. It must be revoked first.",
            error.Message, StringComparison.Ordinal);
        Assert.True(await Harness.RoleHasAsync("SYSADMIN", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
    }

    [Fact]
    public async Task GrantOwnership_CopyCurrentGrants_KeepsThemGrantedByTheNewOwner()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller");

        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON IMAGE REPOSITORY d.public.r TO ROLE team COPY CURRENT GRANTS");

        Assert.True(await Harness.RoleHasAsync("TEAM", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
        Assert.True(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.Read));
        var read = Rows(await Harness.OkAsync(Harness.Admin, "SHOW GRANTS ON IMAGE REPOSITORY d.public.r")).Single(row => row["privilege"] == "READ");
        Assert.Equal("TEAM", read["granted_by"]);
    }

    [Fact]
    public async Task GrantOwnership_RevokeCurrentGrants_RemovesThem()
    {
        RepositoryRecord repository = await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller");

        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON IMAGE REPOSITORY d.public.r TO ROLE team REVOKE CURRENT GRANTS");

        Assert.True(await Harness.RoleHasAsync("TEAM", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
        Assert.False(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.Read));
    }

    [Fact]
    public async Task GrantOwnership_OfUserAndRole_MovesWhoMayAlterThem()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team; CREATE USER bob; CREATE ROLE sub");
        SqlSession teamSession = await Harness.UserWithRoleAsync("TEAMMATE", "TEAM");
        await Harness.FailAsync(teamSession, "ALTER USER bob SET COMMENT = 'x'");

        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON USER bob TO ROLE team; GRANT OWNERSHIP ON ROLE sub TO ROLE team");

        await Harness.OkAsync(teamSession, "ALTER USER bob SET COMMENT = 'x'; GRANT ROLE sub TO USER bob");
        Assert.Equal("TEAM", (await Harness.UserRecordAsync("BOB"))!.Owner);
    }

    [Fact]
    public async Task GrantOwnership_NotOwnerNorManageGrants_Fails003001()
    {
        await RepositoryAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller; GRANT READ ON IMAGE REPOSITORY d.public.r TO ROLE puller WITH GRANT OPTION; " + UsageOnDPublic("puller"));
        SqlSession puller = await Harness.UserWithRoleAsync("PAUL", "PULLER");

        SqlError error = await Harness.FailAsync(puller, "GRANT OWNERSHIP ON IMAGE REPOSITORY d.public.r TO ROLE puller REVOKE CURRENT GRANTS");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on image repository 'D.PUBLIC.R'", error.Message);
    }
}
