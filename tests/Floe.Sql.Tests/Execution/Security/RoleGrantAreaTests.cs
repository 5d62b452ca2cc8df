using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>GRANT ROLE and REVOKE ROLE.</summary>
public sealed class RoleGrantAreaTests : SecurityTests
{
    [Fact]
    public async Task GrantRoleToUser_Owner_GivesTheUserTheRolesPrivileges()
    {
        DatabaseRecord database = await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; GRANT USAGE ON DATABASE d TO ROLE reader; CREATE USER bob");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "GRANT ROLE reader TO USER bob");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        SqlSession bob = await Harness.SessionForAsync("BOB", "READER");
        var shown = Rows(await Harness.OkAsync(bob, "SHOW GRANTS ON DATABASE d"));
        Assert.Contains(shown, row => row["privilege"] == "USAGE" && row["grantee_name"] == "READER");
        Assert.True(await Harness.RoleHasAsync("READER", SecurableObject.Database(database.Id), Privilege.Usage));
    }

    [Fact]
    public async Task GrantRoleToRole_Hierarchy_ParentInheritsThePrivileges()
    {
        DatabaseRecord database = await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; CREATE ROLE lead; GRANT USAGE ON DATABASE d TO ROLE reader");
        Assert.False(await Harness.RoleHasAsync("LEAD", SecurableObject.Database(database.Id), Privilege.Usage));

        await Harness.OkAsync(Harness.Admin, "GRANT ROLE reader TO ROLE lead");

        Assert.True(await Harness.RoleHasAsync("LEAD", SecurableObject.Database(database.Id), Privilege.Usage));
    }

    [Fact]
    public async Task RevokeRoleFromRole_Hierarchy_ParentLosesThePrivileges()
    {
        DatabaseRecord database = await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(Harness.Admin,
            "CREATE ROLE reader; CREATE ROLE lead; GRANT USAGE ON DATABASE d TO ROLE reader; GRANT ROLE reader TO ROLE lead");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "REVOKE ROLE reader FROM ROLE lead");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        Assert.False(await Harness.RoleHasAsync("LEAD", SecurableObject.Database(database.Id), Privilege.Usage));
    }

    [Fact]
    public async Task RevokeRoleFromUser_UserNoLongerHoldsIt()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; CREATE USER bob; GRANT ROLE reader TO USER bob");

        await Harness.OkAsync(Harness.Admin, "REVOKE ROLE reader FROM USER bob");

        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.Empty(await Harness.Store.ListRolesGrantedToUserAsync(Harness.Account.Id, bob.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeRole_NotGranted_SucceedsAndChangesNothing()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; CREATE USER bob");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "REVOKE ROLE reader FROM USER bob");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
    }

    [Fact]
    public async Task GrantRoleToRole_Cycle_IsRefused()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE a; CREATE ROLE b; CREATE ROLE c; GRANT ROLE a TO ROLE b; GRANT ROLE b TO ROLE c");

        SqlError error = await Harness.FailAsync(Harness.Admin, "GRANT ROLE c TO ROLE a");
        SqlError self = await Harness.FailAsync(Harness.Admin, "GRANT ROLE a TO ROLE a");

        Assert.Equal(("002043", "22023"), (error.Code, error.SqlState));
        Assert.Equal("SQL compilation error:\nGranting role C to role A would create a cycle in the role hierarchy.", error.Message);
        Assert.Equal("002043", self.Code);
        RoleRecord a = await Harness.RoleRecordAsync("A");
        Assert.Empty(await Harness.Store.ListRolesGrantedToRoleAsync(Harness.Account.Id, a.Id, CancellationToken.None));
    }

    [Fact]
    public async Task GrantRole_ManageGrantsHolder_MayGrantRolesItDoesNotOwn()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader; CREATE USER bob");
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        await Harness.OkAsync(securityAdmin, "GRANT ROLE reader TO USER bob; REVOKE ROLE reader FROM USER bob");
    }

    [Fact]
    public async Task GrantRole_HeldButNotOwned_Fails003001()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "TEAM");
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlError grant = await Harness.FailAsync(carol, "GRANT ROLE team TO USER bob");
        SqlError revoke = await Harness.FailAsync(carol, "REVOKE ROLE team FROM USER carol");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on role 'TEAM'", grant.Message);
        Assert.Equal("003001", revoke.Code);
        Assert.NotEmpty(await Harness.Store.ListRolesGrantedToUserAsync(Harness.Account.Id, (await Harness.UserRecordAsync("CAROL"))!.Id, CancellationToken.None));
    }

    [Fact]
    public async Task GrantRole_InvisibleRole_Fails002003()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE hidden");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError error = await Harness.FailAsync(nobody, "GRANT ROLE hidden TO USER nobody");

        Assert.Equal("SQL compilation error:\nRole 'HIDDEN' does not exist or not authorized.", error.Message);
    }

    [Fact]
    public async Task GrantRole_MissingGrantee_Fails002003()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE ROLE reader");

        SqlError user = await Harness.FailAsync(Harness.Admin, "GRANT ROLE reader TO USER ghost");
        SqlError role = await Harness.FailAsync(Harness.Admin, "GRANT ROLE reader TO ROLE ghost");

        Assert.Equal("SQL compilation error:\nUser 'GHOST' does not exist or not authorized.", user.Message);
        Assert.Equal("SQL compilation error:\nRole 'GHOST' does not exist or not authorized.", role.Message);
    }

    [Fact]
    public async Task GrantRole_OwnerThroughCreate_MayGrantIt()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE ROLE mine; CREATE USER bob");

        await Harness.OkAsync(userAdmin, "GRANT ROLE mine TO USER bob");

        SqlSession bob = await Harness.SessionForAsync("BOB", "MINE");
        Assert.Contains("MINE", EngineHarness.Column(await Harness.OkAsync(bob, "SHOW ROLES"), "name"));
    }
}
