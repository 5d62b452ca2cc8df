using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateAccountAsync_RegularAccount_CreatesExactlyTheFiveSystemRoles()
    {
        Tenant tenant = await TenantAsync();

        IReadOnlyList<RoleRecord> roles = await Store.ListRolesAsync(tenant.Id, Token);

        Assert.Equal(["ACCOUNTADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"], roles.Select(r => r.Name));
        Assert.All(roles, role => Assert.True(role.IsSystem));
        Assert.All(roles, role => Assert.Null(role.Owner));
        Assert.All(roles, role => Assert.Equal(Start, role.CreatedOn));
    }

    [Fact]
    public async Task CreateAccountAsync_OrganizationAccount_AlsoCreatesOrgAdminWithCreateAccount()
    {
        Tenant tenant = await TenantAsync("ORG", organization: true);

        IReadOnlyList<RoleRecord> roles = await Store.ListRolesAsync(tenant.Id, Token);
        IReadOnlyList<GrantRecord> orgAdminGrants = await Store.ListGrantsToRoleAsync(tenant.Id, tenant.OrgAdmin!.Value, Token);

        Assert.Equal(["ACCOUNTADMIN", "ORGADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"], roles.Select(r => r.Name));
        GrantRecord createAccount = Assert.Single(orgAdminGrants);
        Assert.Equal((Privilege.CreateAccount, SecurableObject.Account(tenant.Id)), (createAccount.Privilege, createAccount.Object));
        Assert.True(tenant.Account.IsOrganizationAccount);
    }

    [Fact]
    public async Task CreateAccountAsync_NewAccount_BuildsTheSystemHierarchy()
    {
        Tenant tenant = await TenantAsync("ORG", organization: true);

        async Task<string[]> Children(long roleId) =>
            [.. (await Store.ListRolesGrantedToRoleAsync(tenant.Id, roleId, Token)).Select(grant => grant.Role)];

        Assert.Equal(["SECURITYADMIN", "SYSADMIN"], await Children(tenant.AccountAdmin));
        Assert.Equal(["USERADMIN"], await Children(tenant.SecurityAdmin));
        Assert.Empty(await Children(tenant.UserAdmin));
        Assert.Empty(await Children(tenant.SysAdmin));
        Assert.Empty(await Children(tenant.Public));
        Assert.Empty(await Children(tenant.OrgAdmin!.Value));
    }

    [Fact]
    public async Task CreateAccountAsync_NewAccount_GrantsExactlyTheSystemAccountPrivileges()
    {
        Tenant tenant = await TenantAsync();

        IReadOnlyList<GrantRecord> grants = await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.Account(tenant.Id), Token);

        Assert.Equal(
            [
                ("CREATE DATABASE", "SYSADMIN"),
                ("CREATE ROLE", "USERADMIN"),
                ("CREATE USER", "USERADMIN"),
                ("MANAGE GRANTS", "SECURITYADMIN"),
            ],
            grants.Select(g => (g.Privilege.ToSql(), g.GranteeRole)).Order());
        Assert.All(grants, grant => Assert.Equal(new ObjectName(null, null, "ACME"), grant.ObjectName));
        Assert.All(grants, grant => Assert.Null(grant.GrantedBy));
        Assert.All(grants, grant => Assert.False(grant.GrantOption));
    }

    [Theory]
    [InlineData(false, new[] { "ACCOUNTADMIN" })]
    [InlineData(true, new[] { "ACCOUNTADMIN", "ORGADMIN" })]
    public async Task CreateAccountAsync_NewAccount_CreatesTheAdminUserWithItsRoles(bool organization, string[] expectedRoles)
    {
        Tenant tenant = await TenantAsync("ACME", organization);

        UserRecord admin = (await Store.FindUserByIdAsync(tenant.Id, tenant.AdminUserId, Token))!;
        IReadOnlyList<RoleGrantRecord> roles = await Store.ListRolesGrantedToUserAsync(tenant.Id, admin.Id, Token);

        Assert.Equal(("ADMIN", "ADMIN", AdminHash, "ACCOUNTADMIN", UserType.Person, false), (admin.Name, admin.LoginName, admin.PasswordHash, admin.DefaultRole, admin.Type, admin.Disabled));
        Assert.Equal("ACCOUNTADMIN", admin.Owner);
        Assert.Equal(expectedRoles, roles.Select(r => r.Role));
        Assert.Equal([.. expectedRoles.Select(_ => "ADMIN")], roles.Select(r => r.GranteeName));
        Assert.Single(await Store.ListUsersAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task CreateAccountAsync_ExistingName_ReturnsNullAndAddsNothing()
    {
        Tenant tenant = await TenantAsync();

        AccountRecord? second = await Store.CreateAccountAsync(new NewAccount("ACME", "OTHER_ADMIN", "other-hash"), Token);

        Assert.Null(second);
        Assert.Equal(5, (await Store.ListRolesAsync(tenant.Id, Token)).Count);
        Assert.Equal(["ADMIN"], (await Store.ListUsersAsync(tenant.Id, Token)).Select(u => u.Name));
    }

    [Fact]
    public async Task CreateAccountAsync_SecondOrganizationAccount_Throws()
    {
        await TenantAsync("ORG", organization: true);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Store.CreateAccountAsync(new NewAccount("ORG2", "ADMIN", AdminHash) { IsOrganizationAccount = true }, Token));
        Assert.Null(await Store.FindAccountAsync("ORG2", Token));
    }

    [Fact]
    public async Task EnsureAccountAsync_CalledTwice_ProvisionsOnceAndKeepsTheFirstPassword()
    {
        NewAccount bootstrap = new("DEV", "ADMIN", "first-hash") { IsOrganizationAccount = true };

        AccountProvisioning first = await Store.EnsureAccountAsync(bootstrap, Token);
        Clock.Advance(TimeSpan.FromHours(1));
        AccountProvisioning second = await Store.EnsureAccountAsync(bootstrap with { AdminPasswordHash = "second-hash" }, Token);

        Assert.True(first.Provisioned);
        Assert.False(second.Provisioned);
        Assert.Equal(first.Account, second.Account);
        Assert.Equal(6, (await Store.ListRolesAsync(first.Account.Id, Token)).Count);
        UserRecord admin = Assert.Single(await Store.ListUsersAsync(first.Account.Id, Token));
        Assert.Equal("first-hash", admin.PasswordHash);
        Assert.Equal(2, (await Store.ListRolesGrantedToUserAsync(first.Account.Id, admin.Id, Token)).Count);
        Assert.Equal(5, (await Store.ListGrantsOnAsync(first.Account.Id, SecurableObject.Account(first.Account.Id), Token)).Count);
    }

    [Fact]
    public async Task EnsureAccountAsync_AfterTheAdminLostAccountAdmin_DoesNotGrantItAgain()
    {
        NewAccount bootstrap = new("DEV", "ADMIN", AdminHash) { IsOrganizationAccount = true };
        Tenant tenant = await TenantOfAsync((await Store.EnsureAccountAsync(bootstrap, Token)).Account);
        await Store.RevokeRoleFromUserAsync(tenant.Id, tenant.AccountAdmin, tenant.AdminUserId, Token);

        await Store.EnsureAccountAsync(bootstrap, Token);

        Assert.Equal(["ORGADMIN"], (await Store.ListRolesGrantedToUserAsync(tenant.Id, tenant.AdminUserId, Token)).Select(r => r.Role));
    }

    [Fact]
    public async Task EnsureAccountAsync_BareAccountFromBefore_ProvisionsItInPlace()
    {
        AccountRecord bare = await Store.EnsureAccountAsync("DEV", Token);

        AccountProvisioning provisioning = await Store.EnsureAccountAsync(new NewAccount("DEV", "ADMIN", AdminHash) { IsOrganizationAccount = true }, Token);

        Assert.True(provisioning.Provisioned);
        Assert.Equal(bare.Id, provisioning.Account.Id);
        Assert.True(provisioning.Account.IsOrganizationAccount);
        Assert.NotNull(await Store.FindRoleAsync(bare.Id, "ORGADMIN", Token));
        Assert.NotNull(await Store.FindUserAsync(bare.Id, "ADMIN", Token));
    }
}
