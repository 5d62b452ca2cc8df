using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateRoleAsync_NewName_OwnedByTheCreatingRole()
    {
        Tenant tenant = await TenantAsync();

        CreateResult<RoleRecord> result = await Store.CreateRoleAsync(new NewRole(tenant.Id, "ANALYST", tenant.UserAdmin, "reads"), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        Assert.Equal(new RoleRecord(result.Value!.Id, tenant.Id, "ANALYST", Start, "USERADMIN", "reads", IsSystem: false), result.Value);
        Assert.Equal(result.Value, await Store.FindRoleAsync(tenant.Id, "ANALYST", Token));
    }

    [Fact]
    public async Task CreateRoleAsync_ExistingName_ReturnsAlreadyExists()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord existing = await RoleAsync(tenant, "ANALYST");

        CreateResult<RoleRecord> result = await Store.CreateRoleAsync(new NewRole(tenant.Id, "ANALYST", tenant.SecurityAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(new CreateResult<RoleRecord>(CreateStatus.AlreadyExists, existing), result);
    }

    [Fact]
    public async Task CreateRoleAsync_OrReplaceASystemRole_ReturnsProtected()
    {
        Tenant tenant = await TenantAsync();

        CreateResult<RoleRecord> result = await Store.CreateRoleAsync(new NewRole(tenant.Id, "SYSADMIN", tenant.UserAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Protected, result.Status);
        Assert.Equal(tenant.SysAdmin, (await Store.FindRoleAsync(tenant.Id, "SYSADMIN", Token))!.Id);
    }

    [Fact]
    public async Task CreateRoleAsync_OrReplace_NewRoleWithoutTheOldGrantsAndTheOldObjectsMoveToTheOwner()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord old = await RoleAsync(tenant, "TEAM");
        DatabaseRecord owned = await DatabaseAsync(tenant, ownerRoleId: old.Id);
        await GrantRoleAsync(tenant, old.Id, tenant.AdminUserId);

        CreateResult<RoleRecord> result = await Store.CreateRoleAsync(new NewRole(tenant.Id, "TEAM", tenant.SecurityAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Replaced, result.Status);
        Assert.NotEqual(old.Id, result.Value!.Id);
        Assert.Equal("SECURITYADMIN", result.Value.Owner);
        Assert.Equal("SECURITYADMIN", (await Store.FindDatabaseAsync(tenant.Id, owned.Name, Token))!.Owner);
        Assert.Equal(["ACCOUNTADMIN"], (await Store.ListRolesGrantedToUserAsync(tenant.Id, tenant.AdminUserId, Token)).Select(g => g.Role));
    }

    [Fact]
    public async Task ListRolesAsync_WithGrants_CountsEdgesAndUsers()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord parent = await RoleAsync(tenant, "PARENT");
        RoleRecord child = await RoleAsync(tenant, "CHILD");
        await Store.GrantRoleToRoleAsync(tenant.Id, child.Id, parent.Id, tenant.SecurityAdmin, Token);
        await Store.GrantRoleToRoleAsync(tenant.Id, child.Id, tenant.SysAdmin, tenant.SecurityAdmin, Token);
        await GrantRoleAsync(tenant, child.Id, tenant.AdminUserId);

        IReadOnlyDictionary<string, RoleRecord> roles = (await Store.ListRolesAsync(tenant.Id, Token)).ToDictionary(r => r.Name);

        Assert.Equal((2, 0, 1), (roles["CHILD"].GrantedToRoles, roles["CHILD"].GrantedRoles, roles["CHILD"].AssignedToUsers));
        Assert.Equal((0, 1, 0), (roles["PARENT"].GrantedToRoles, roles["PARENT"].GrantedRoles, roles["PARENT"].AssignedToUsers));
        Assert.Equal((0, 2, 1), (roles["ACCOUNTADMIN"].GrantedToRoles, roles["ACCOUNTADMIN"].GrantedRoles, roles["ACCOUNTADMIN"].AssignedToUsers));
        Assert.Equal((1, 1, 0), (roles["SYSADMIN"].GrantedToRoles, roles["SYSADMIN"].GrantedRoles, roles["SYSADMIN"].AssignedToUsers));
    }

    [Fact]
    public async Task DropRoleAsync_RoleOwningObjects_OwnershipMovesToTheDroppingRole()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        RoleRecord owned = await RoleAsync(tenant, "OWNED_ROLE", ownerRoleId: team.Id);
        DatabaseRecord database = await DatabaseAsync(tenant, ownerRoleId: team.Id);
        RepositoryRecord repository = await ImageRepositoryAsync(tenant, await PublicSchemaAsync(tenant, database), ownerRoleId: team.Id);
        await GrantAsync(tenant, SecurableObject.Account(tenant.Id), team.Id, Privilege.CreateDatabase);
        await Store.GrantRoleToRoleAsync(tenant.Id, team.Id, tenant.SysAdmin, tenant.SecurityAdmin, Token);
        await GrantRoleAsync(tenant, team.Id, tenant.AdminUserId);

        Assert.Equal(DropStatus.Dropped, await Store.DropRoleAsync(tenant.Id, team.Id, tenant.SecurityAdmin, Token));

        Assert.Null(await Store.FindRoleAsync(tenant.Id, "TEAM", Token));
        Assert.Equal("SECURITYADMIN", (await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Owner);
        Assert.Equal("SECURITYADMIN", (await Store.FindSchemaAsync(tenant.Id, "DB", "PUBLIC", Token))!.Owner);
        Assert.Equal("SECURITYADMIN", (await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token))!.OwnerRole);
        Assert.Equal("SECURITYADMIN", (await Store.FindRoleAsync(tenant.Id, owned.Name, Token))!.Owner);
        Assert.Empty(await Store.ListRolesGrantedToRoleAsync(tenant.Id, tenant.SysAdmin, Token));
        Assert.Equal(["ACCOUNTADMIN"], (await Store.ListRolesGrantedToUserAsync(tenant.Id, tenant.AdminUserId, Token)).Select(g => g.Role));
        Assert.Equal(["SYSADMIN"], (await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.Account(tenant.Id), Token))
            .Where(g => g.Privilege == Privilege.CreateDatabase).Select(g => g.GranteeRole));
    }

    [Fact]
    public async Task DropRoleAsync_SystemRole_ReturnsProtected()
    {
        Tenant tenant = await TenantAsync("ORG", organization: true);

        foreach (long role in new[] { tenant.AccountAdmin, tenant.SecurityAdmin, tenant.UserAdmin, tenant.SysAdmin, tenant.Public, tenant.OrgAdmin!.Value })
        {
            Assert.Equal(DropStatus.Protected, await Store.DropRoleAsync(tenant.Id, role, tenant.AccountAdmin, Token));
        }

        Assert.Equal(6, (await Store.ListRolesAsync(tenant.Id, Token)).Count);
    }

    [Fact]
    public async Task DropRoleAsync_ItselfAsNewOwnerOrUnknown_RefusedAndNothingDropped()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        RoleRecord team = await RoleAsync(tenant, "TEAM");

        Assert.Equal(DropStatus.InUse, await Store.DropRoleAsync(tenant.Id, team.Id, team.Id, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropRoleAsync(tenant.Id, team.Id, other.SysAdmin, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropRoleAsync(other.Id, team.Id, other.SysAdmin, Token));
        Assert.NotNull(await Store.FindRoleAsync(tenant.Id, "TEAM", Token));
    }

    [Fact]
    public async Task GrantRoleToRoleAsync_WouldCloseACycle_ReturnsCycleAndGrantsNothing()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord a = await RoleAsync(tenant, "A");
        RoleRecord b = await RoleAsync(tenant, "B");
        RoleRecord c = await RoleAsync(tenant, "C");
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToRoleAsync(tenant.Id, b.Id, a.Id, null, Token));
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToRoleAsync(tenant.Id, c.Id, b.Id, null, Token));

        Assert.Equal(RoleGrantStatus.Cycle, await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, c.Id, null, Token));
        Assert.Equal(RoleGrantStatus.Cycle, await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, b.Id, null, Token));
        Assert.Equal(RoleGrantStatus.Cycle, await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, a.Id, null, Token));
        Assert.Equal(RoleGrantStatus.Cycle, await Store.GrantRoleToRoleAsync(tenant.Id, tenant.AccountAdmin, tenant.UserAdmin, null, Token));
        Assert.Empty(await Store.ListRolesGrantedToRoleAsync(tenant.Id, c.Id, Token));
        Assert.Empty(await Store.ListRolesGrantedToRoleAsync(tenant.Id, tenant.UserAdmin, Token));
    }

    [Fact]
    public async Task GrantRoleToRoleAsync_RepeatedOrPublic_ReturnsAlreadyGranted()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord a = await RoleAsync(tenant, "A");

        Assert.Equal(RoleGrantStatus.AlreadyGranted, await Store.GrantRoleToRoleAsync(tenant.Id, tenant.SecurityAdmin, tenant.AccountAdmin, null, Token));
        Assert.Equal(RoleGrantStatus.AlreadyGranted, await Store.GrantRoleToRoleAsync(tenant.Id, tenant.Public, a.Id, null, Token));
        Assert.Equal(RoleGrantStatus.AlreadyGranted, await Store.GrantRoleToUserAsync(tenant.Id, tenant.Public, tenant.AdminUserId, null, Token));
        Assert.Empty(await Store.ListRolesGrantedToRoleAsync(tenant.Id, a.Id, Token));
    }

    [Fact]
    public async Task GrantRoleAsync_RoleOrGranteeOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        RoleRecord a = await RoleAsync(tenant, "A");

        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, other.SysAdmin, null, Token));
        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToRoleAsync(tenant.Id, other.SysAdmin, a.Id, null, Token));
        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToUserAsync(tenant.Id, a.Id, other.AdminUserId, null, Token));
        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToUserAsync(other.Id, a.Id, other.AdminUserId, null, Token));
        Assert.Equal(["ACCOUNTADMIN"], (await Store.ListRolesGrantedToUserAsync(other.Id, other.AdminUserId, Token)).Select(g => g.Role));
    }

    [Fact]
    public async Task RevokeRoleAsync_GrantedThenRevoked_TrueThenFalse()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord a = await RoleAsync(tenant, "A");
        await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, tenant.SysAdmin, null, Token);
        await GrantRoleAsync(tenant, a.Id, tenant.AdminUserId);

        Assert.True(await Store.RevokeRoleFromRoleAsync(tenant.Id, a.Id, tenant.SysAdmin, Token));
        Assert.False(await Store.RevokeRoleFromRoleAsync(tenant.Id, a.Id, tenant.SysAdmin, Token));
        Assert.True(await Store.RevokeRoleFromUserAsync(tenant.Id, a.Id, tenant.AdminUserId, Token));
        Assert.False(await Store.RevokeRoleFromUserAsync(tenant.Id, a.Id, tenant.AdminUserId, Token));
        Assert.Empty(await Store.ListGrantsOfRoleAsync(tenant.Id, a.Id, Token));
    }

    [Fact]
    public async Task ListGrantsOfRoleAsync_RolesAndUsers_RolesFirstWithGrantor()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord a = await RoleAsync(tenant, "A");
        UserRecord zed = await UserAsync(tenant, "ZED");
        await Store.GrantRoleToRoleAsync(tenant.Id, a.Id, tenant.SysAdmin, tenant.SecurityAdmin, Token);
        await GrantRoleAsync(tenant, a.Id, zed.Id);
        await GrantRoleAsync(tenant, a.Id, tenant.AdminUserId);

        IReadOnlyList<RoleGrantRecord> grants = await Store.ListGrantsOfRoleAsync(tenant.Id, a.Id, Token);

        Assert.Equal(
            [
                new RoleGrantRecord(Start, a.Id, "A", GranteeKind.Role, tenant.SysAdmin, "SYSADMIN", "SECURITYADMIN"),
                new RoleGrantRecord(Start, a.Id, "A", GranteeKind.User, tenant.AdminUserId, "ADMIN", "SECURITYADMIN"),
                new RoleGrantRecord(Start, a.Id, "A", GranteeKind.User, zed.Id, "ZED", "SECURITYADMIN"),
            ],
            grants);
    }
}
