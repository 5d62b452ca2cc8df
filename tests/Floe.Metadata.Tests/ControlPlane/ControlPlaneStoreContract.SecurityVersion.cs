using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

/// <summary>
/// The security version moves with every commit a registry decision depends on, so a node that keeps
/// decisions under a version never serves one past such a change — and stands still for pushes, so
/// pulls keep their decisions while images are written.
/// </summary>
public abstract partial class ControlPlaneStoreContract
{
    /// <summary>Each kind of security-relevant change, applied to a fresh tenant.</summary>
    public enum SecurityChange
    {
        GrantPrivilege,
        RevokePrivilege,
        GrantRoleToUser,
        RevokeRoleFromUser,
        RevokeRoleFromRole,
        DropRole,
        DisableUser,
        ChangePassword,
        DropUser,
        DropRepository,
        DropSchema,
        DropDatabase,
        DropAccount,
    }

    [Theory]
    [InlineData(SecurityChange.GrantPrivilege)]
    [InlineData(SecurityChange.RevokePrivilege)]
    [InlineData(SecurityChange.GrantRoleToUser)]
    [InlineData(SecurityChange.RevokeRoleFromUser)]
    [InlineData(SecurityChange.RevokeRoleFromRole)]
    [InlineData(SecurityChange.DropRole)]
    [InlineData(SecurityChange.DisableUser)]
    [InlineData(SecurityChange.ChangePassword)]
    [InlineData(SecurityChange.DropUser)]
    [InlineData(SecurityChange.DropRepository)]
    [InlineData(SecurityChange.DropSchema)]
    [InlineData(SecurityChange.DropDatabase)]
    [InlineData(SecurityChange.DropAccount)]
    public async Task ReadSecurityVersionAsync_AfterSecurityChange_HasMoved(SecurityChange change)
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord inner = await RoleAsync(tenant, "INNER");
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        UserRecord user = await UserAsync(tenant, "DANA");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToRoleAsync(tenant.Id, inner.Id, dev.Id, tenant.SecurityAdmin, Token));
        await GrantRoleAsync(tenant, dev.Id, user.Id);
        await GrantAsync(tenant, target, inner.Id, Privilege.Read);
        long before = await Store.ReadSecurityVersionAsync(Token);

        switch (change)
        {
            case SecurityChange.GrantPrivilege:
                await GrantAsync(tenant, target, dev.Id, Privilege.Write);
                break;
            case SecurityChange.RevokePrivilege:
                Assert.Equal(1, await Store.RevokePrivilegesAsync(tenant.Id, target, [Privilege.Read], inner.Id, false, Token));
                break;
            case SecurityChange.GrantRoleToUser:
                await GrantRoleAsync(tenant, inner.Id, user.Id);
                break;
            case SecurityChange.RevokeRoleFromUser:
                Assert.True(await Store.RevokeRoleFromUserAsync(tenant.Id, dev.Id, user.Id, Token));
                break;
            case SecurityChange.RevokeRoleFromRole:
                Assert.True(await Store.RevokeRoleFromRoleAsync(tenant.Id, inner.Id, dev.Id, Token));
                break;
            case SecurityChange.DropRole:
                Assert.Equal(DropStatus.Dropped, await Store.DropRoleAsync(tenant.Id, inner.Id, tenant.SysAdmin, Token));
                break;
            case SecurityChange.DisableUser:
                Assert.Equal(AlterStatus.Altered, await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges { Disabled = Change.To(true) }, Token));
                break;
            case SecurityChange.ChangePassword:
                Assert.Equal(AlterStatus.Altered, await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges { PasswordHash = Change.To<string?>(AdminHash) }, Token));
                break;
            case SecurityChange.DropUser:
                Assert.True(await Store.DropUserAsync(tenant.Id, user.Id, Token));
                break;
            case SecurityChange.DropRepository:
                Assert.True(await Store.DropRepositoryAsync(repository.Id, Token));
                break;
            case SecurityChange.DropSchema:
                Assert.Equal(DropStatus.Dropped, await Store.DropSchemaAsync(tenant.Id, schema.Id, Token));
                break;
            case SecurityChange.DropDatabase:
                Assert.Equal(DropStatus.Dropped, await Store.DropDatabaseAsync(tenant.Id, database.Id, Token));
                break;
            case SecurityChange.DropAccount:
                Assert.Equal(DropStatus.Dropped, await Store.DropAccountAsync(tenant.Id, Token));
                break;
        }

        Assert.True(await Store.ReadSecurityVersionAsync(Token) > before, $"{change} did not move the security version");
    }

    [Fact]
    public async Task ReadSecurityVersionAsync_AfterPushesAndSessions_Unchanged()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        long before = await Store.ReadSecurityVersionAsync(Token);

        await PushAsync(repository, "app", "v1");
        await PushAsync(repository, "app", "v2");

        Assert.Equal(before, await Store.ReadSecurityVersionAsync(Token));
    }
}
