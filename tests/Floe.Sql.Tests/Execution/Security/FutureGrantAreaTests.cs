using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>GRANT / REVOKE ... ON FUTURE IMAGE REPOSITORIES IN SCHEMA and SHOW FUTURE GRANTS.</summary>
public sealed class FutureGrantAreaTests : SecurityTests
{
    [Fact]
    public async Task GrantFuture_ThenRepositoryCreatedThroughTheStore_ReceivesThePrivileges()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "GRANT READ, WRITE ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE puller");
        RepositoryRecord repository = await Harness.NewRepositoryAsync("D", "PUBLIC", "LATER");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        Assert.True(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.Write));
        Assert.False(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.ServiceRead));
    }

    [Fact]
    public async Task GrantFuture_ExistingRepositories_AreNotChanged()
    {
        await Harness.NewDatabaseAsync("D");
        RepositoryRecord before = await Harness.NewRepositoryAsync("D", "PUBLIC", "BEFORE");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");

        await Harness.OkAsync(Harness.Admin, "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE puller");

        Assert.False(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(before.Id), Privilege.Read));
    }

    [Fact]
    public async Task GrantOwnershipOnFuture_NewRepositoryIsOwnedByThatRole()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE team");

        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE team");
        RepositoryRecord repository = await Harness.NewRepositoryAsync("D", "PUBLIC", "LATER", owner: SystemRoles.SysAdmin);

        Assert.Equal("TEAM", repository.OwnerRole);
        Assert.True(await Harness.RoleHasAsync("TEAM", SecurableObject.ImageRepository(repository.Id), Privilege.Ownership));
    }

    [Fact]
    public async Task RevokeFuture_NewRepositoriesNoLongerReceiveIt()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE puller; GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE puller; "
            + "REVOKE READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public FROM ROLE puller");

        RepositoryRecord repository = await Harness.NewRepositoryAsync("D", "PUBLIC", "LATER");

        Assert.False(await Harness.RoleHasAsync("PULLER", SecurableObject.ImageRepository(repository.Id), Privilege.Read));
        Assert.Empty((await Harness.OkAsync(Harness.Admin, "SHOW FUTURE GRANTS IN SCHEMA d.public")).Rows);
    }

    [Fact]
    public async Task ShowFutureGrants_ColumnsAndRows_FollowSnowflake()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller; GRANT ALL ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE puller WITH GRANT OPTION");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "SHOW FUTURE GRANTS IN SCHEMA d.public");

        Assert.Equal(["created_on", "privilege", "grant_on", "name", "grant_to", "grantee_name", "grant_option"], ColumnNames(result));
        var rows = Rows(result);
        Assert.Equal(["READ", "SERVICE READ", "SERVICE WRITE", "WRITE"], rows.Select(row => row["privilege"]).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(
            ("IMAGE_REPOSITORY", "D.PUBLIC.<IMAGE REPOSITORY>", "ROLE", "PULLER", "true"),
            (row["grant_on"], row["name"], row["grant_to"], row["grantee_name"], row["grant_option"])));
    }

    [Fact]
    public async Task GrantFuture_SchemaOwner_MayDefineThem()
    {
        await Harness.NewDatabaseAsync("D", owner: SystemRoles.SysAdmin);
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");
        SqlSession sysAdmin = await Harness.SystemRoleUserAsync("SY", SystemRoles.SysAdmin);

        await Harness.OkAsync(sysAdmin, "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE puller");
    }

    [Fact]
    public async Task GrantFuture_UsageOnly_Fails003001()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE user_role; " + UsageOnDPublic("user_role"));
        SqlSession session = await Harness.UserWithRoleAsync("CAROL", "USER_ROLE");

        SqlError error = await Harness.FailAsync(session, "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.public TO ROLE user_role");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on schema 'D.PUBLIC'", error.Message);
        Assert.Empty((await Harness.OkAsync(Harness.Admin, "SHOW FUTURE GRANTS IN SCHEMA d.public")).Rows);
    }

    [Fact]
    public async Task GrantFuture_MissingOrInvisibleSchema_Fails002003()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE puller");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError missing = await Harness.FailAsync(Harness.Admin, "GRANT READ ON FUTURE IMAGE REPOSITORIES IN SCHEMA d.ghost TO ROLE puller");
        SqlError invisible = await Harness.FailAsync(nobody, "SHOW FUTURE GRANTS IN SCHEMA d.public");

        Assert.Equal("SQL compilation error:\nSchema 'D.GHOST' does not exist or not authorized.", missing.Message);
        Assert.Equal("SQL compilation error:\nSchema 'D.PUBLIC' does not exist or not authorized.", invisible.Message);
    }
}
