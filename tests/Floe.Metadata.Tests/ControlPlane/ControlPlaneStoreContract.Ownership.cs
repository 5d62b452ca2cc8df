using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task TransferOwnershipAsync_NoOtherGrants_MovesTheSingleOwnershipRow()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        TransferStatus status = await Store.TransferOwnershipAsync(tenant.Id, target, team.Id, tenant.SecurityAdmin, CurrentGrants.Fail, Token);

        Assert.Equal(TransferStatus.Transferred, status);
        GrantRecord ownership = Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, target, Token));
        Assert.Equal((Privilege.Ownership, "TEAM", "SECURITYADMIN"), (ownership.Privilege, ownership.GranteeRole, ownership.GrantedBy));
        Assert.Equal("TEAM", (await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token))!.OwnerRole);
    }

    [Fact]
    public async Task TransferOwnershipAsync_OtherGrantsAndNeitherCopyNorRevoke_ReturnsDependentGrantsAndChangesNothing()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await GrantAsync(tenant, target, tenant.Public, Privilege.Read);

        TransferStatus status = await Store.TransferOwnershipAsync(tenant.Id, target, team.Id, null, CurrentGrants.Fail, Token);

        Assert.Equal(TransferStatus.DependentGrants, status);
        Assert.Equal([("SYSADMIN", Privilege.Ownership), ("PUBLIC", Privilege.Read)], (await Store.ListGrantsOnAsync(tenant.Id, target, Token)).Select(g => (g.GranteeRole, g.Privilege)));
    }

    [Fact]
    public async Task TransferOwnershipAsync_CopyCurrentGrants_KeepsThemGrantedByTheNewOwner()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await GrantAsync(tenant, target, tenant.Public, Privilege.Read);

        TransferStatus status = await Store.TransferOwnershipAsync(tenant.Id, target, team.Id, tenant.SysAdmin, CurrentGrants.Copy, Token);

        Assert.Equal(TransferStatus.Transferred, status);
        Assert.Equal(
            [(Privilege.Ownership, "TEAM", "SYSADMIN"), (Privilege.Read, "PUBLIC", "TEAM")],
            (await Store.ListGrantsOnAsync(tenant.Id, target, Token)).Select(g => (g.Privilege, g.GranteeRole, g.GrantedBy)));
    }

    [Fact]
    public async Task TransferOwnershipAsync_RevokeCurrentGrants_RemovesThem()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        SecurableObject target = SecurableObject.Database(database.Id);
        await GrantAsync(tenant, target, tenant.Public, Privilege.Usage);
        await GrantAsync(tenant, target, team.Id, Privilege.CreateSchema);

        TransferStatus status = await Store.TransferOwnershipAsync(tenant.Id, target, team.Id, tenant.SysAdmin, CurrentGrants.Revoke, Token);

        Assert.Equal(TransferStatus.Transferred, status);
        Assert.Equal([(Privilege.Ownership, "TEAM")], (await Store.ListGrantsOnAsync(tenant.Id, target, Token)).Select(g => (g.Privilege, g.GranteeRole)));
        Assert.Equal("TEAM", (await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Owner);
    }

    [Fact]
    public async Task TransferOwnershipAsync_RoleUserAndPolicy_EachGetsTheNewOwner()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        UserRecord alice = await UserAsync(tenant, "ALICE");
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        AuthenticationPolicyRecord policy = Created(await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.All, tenant.SysAdmin), CreateMode.FailIfExists, Token));

        foreach (SecurableObject target in new[] { SecurableObject.Role(team.Id), SecurableObject.User(alice.Id), SecurableObject.AuthenticationPolicy(policy.Id) })
        {
            Assert.Equal(TransferStatus.Transferred, await Store.TransferOwnershipAsync(tenant.Id, target, tenant.SecurityAdmin, null, CurrentGrants.Fail, Token));
        }

        Assert.Equal("SECURITYADMIN", (await Store.FindRoleAsync(tenant.Id, "TEAM", Token))!.Owner);
        Assert.Equal("SECURITYADMIN", (await Store.FindUserAsync(tenant.Id, "ALICE", Token))!.Owner);
        Assert.Equal("SECURITYADMIN", (await Store.FindAuthenticationPolicyByIdAsync(tenant.Id, policy.Id, Token))!.Owner);
    }

    [Fact]
    public async Task TransferOwnershipAsync_AccountOrObjectOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        DatabaseRecord otherDatabase = await DatabaseAsync(other);

        Assert.Equal(TransferStatus.NotFound, await Store.TransferOwnershipAsync(tenant.Id, SecurableObject.Account(tenant.Id), tenant.SysAdmin, null, CurrentGrants.Revoke, Token));
        Assert.Equal(TransferStatus.NotFound, await Store.TransferOwnershipAsync(tenant.Id, SecurableObject.Database(otherDatabase.Id), tenant.SysAdmin, null, CurrentGrants.Revoke, Token));
        Assert.Equal(TransferStatus.NotFound, await Store.TransferOwnershipAsync(other.Id, SecurableObject.Database(otherDatabase.Id), tenant.SysAdmin, null, CurrentGrants.Revoke, Token));
        Assert.Equal("SYSADMIN", (await Store.FindDatabaseAsync(other.Id, "DB", Token))!.Owner);
    }
}
