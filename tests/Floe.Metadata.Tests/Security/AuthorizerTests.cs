using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Metadata.Tests.ControlPlane;

namespace Floe.Metadata.Tests.Security;

/// <summary>Role sets of SQL sessions, privilege checks, visibility and grant authority (docs/design/authorization.md).</summary>
public class AuthorizerTests : AuthorizerTestBase
{
    [Fact]
    public async Task ResolveSessionAsync_SecondaryRolesAll_EffectiveHasEveryGrantedRoleAndWhatIsBelowIt()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        RoleRecord analyst = await RoleAsync(tenant, "ANALYST");
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        RoleRecord junior = await RoleAsync(tenant, "JUNIOR");
        await Store.GrantRoleToRoleAsync(tenant.Id, junior.Id, dev.Id, null, Token);
        await GrantRoleAsync(tenant, analyst.Id, alice.Id);
        await GrantRoleAsync(tenant, dev.Id, alice.Id);

        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, alice, "ANALYST", SecondaryRoles.All), Token);

        Assert.NotNull(roles);
        Assert.Equal("ANALYST", roles.Primary?.Name);
        Assert.Equal(["ANALYST", "DEV", "JUNIOR", "PUBLIC"], roles.Effective.Names);
        Assert.Equal(["ANALYST", "PUBLIC"], roles.ForCreate.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_RoleRestriction_PrimaryAndSecondaryRolesStayWithinIt()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        RoleRecord analyst = await RoleAsync(tenant, "ANALYST");
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        RoleRecord junior = await RoleAsync(tenant, "JUNIOR");
        await Store.GrantRoleToRoleAsync(tenant.Id, junior.Id, dev.Id, null, Token);
        await GrantRoleAsync(tenant, analyst.Id, alice.Id);
        await GrantRoleAsync(tenant, dev.Id, alice.Id);
        SessionRecord restricted = Session(tenant, alice, "JUNIOR", SecondaryRoles.All) with { RoleRestriction = "DEV" };

        SessionRoles? inside = await Authorizer.ResolveSessionAsync(restricted, Token);
        SessionRoles? outside = await Authorizer.ResolveSessionAsync(restricted with { Role = "ANALYST" }, Token);

        Assert.Equal("JUNIOR", inside!.Primary?.Name);
        Assert.Equal(["DEV", "JUNIOR", "PUBLIC"], inside.Effective.Names);
        Assert.Equal(["JUNIOR", "PUBLIC"], inside.ForCreate.Names);
        Assert.Null(outside!.Primary);
        Assert.DoesNotContain("ANALYST", outside.Effective.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_SecondaryRolesNone_EffectiveIsThePrimaryRoleAndBelow()
    {
        Tenant tenant = await TenantAsync();

        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, tenant.AdminUserId, "SECURITYADMIN", SecondaryRoles.None), Token);

        Assert.NotNull(roles);
        Assert.Equal(["PUBLIC", "SECURITYADMIN", "USERADMIN"], roles.Effective.Names);
        Assert.Equal(roles.Effective.Names, roles.ForCreate.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_AccountAdmin_InheritsEverySystemRoleButNotOrgAdmin()
    {
        Tenant tenant = await TenantAsync("ORG", organization: true);

        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, tenant.AdminUserId, "ACCOUNTADMIN", SecondaryRoles.None), Token);

        Assert.Equal(["ACCOUNTADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"], roles!.ForCreate.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_RoleNotGrantedToTheUser_PrimaryIsNullAndCreateHasOnlyPublic()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        await RoleAsync(tenant, "DEV");

        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, alice, "SYSADMIN", SecondaryRoles.All), Token);

        Assert.NotNull(roles);
        Assert.Null(roles.Primary);
        Assert.Equal(["PUBLIC"], roles.ForCreate.Names);
        Assert.Equal(["PUBLIC"], roles.Effective.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_RoleReachedThroughTheHierarchy_IsUsableAsPrimary()
    {
        Tenant tenant = await TenantAsync();

        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, tenant.AdminUserId, "USERADMIN", SecondaryRoles.None), Token);

        Assert.Equal("USERADMIN", roles!.Primary?.Name);
        Assert.Equal(["PUBLIC", "USERADMIN"], roles.ForCreate.Names);
    }

    [Fact]
    public async Task ResolveSessionAsync_RoleRevokedAfterTheSessionStarted_PrimaryIsNull()
    {
        Tenant tenant = await TenantAsync();
        SessionRecord session = Session(tenant, tenant.AdminUserId, "ACCOUNTADMIN", SecondaryRoles.None);
        Assert.NotNull((await Authorizer.ResolveSessionAsync(session, Token))!.Primary);

        await Store.RevokeRoleFromUserAsync(tenant.Id, tenant.AccountAdmin, tenant.AdminUserId, Token);

        Assert.Null((await Authorizer.ResolveSessionAsync(session, Token))!.Primary);
    }

    [Fact]
    public async Task ResolveSessionAsync_UserDroppedOrOfAnotherAccount_ReturnsNull()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        UserRecord alice = await UserAsync(tenant, "ALICE");
        await Store.DropUserAsync(tenant.Id, alice.Id, Token);

        Assert.Null(await Authorizer.ResolveSessionAsync(Session(tenant, alice, "PUBLIC", SecondaryRoles.All), Token));
        Assert.Null(await Authorizer.ResolveSessionAsync(Session(other, tenant.AdminUserId, "ACCOUNTADMIN", SecondaryRoles.All), Token));
    }

    [Fact]
    public async Task HasPrivilegeAsync_OwnershipOfTheObject_ImpliesEveryPrivilegeOnIt()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleSet sysadmin = await RolesAsync(tenant, "SYSADMIN");

        Assert.True(await Authorizer.HasPrivilegeAsync(sysadmin, SecurableObject.ImageRepository(repository.Id), [Privilege.Write], Token));
        Assert.True(await Authorizer.HasPrivilegeAsync(sysadmin, SecurableObject.ImageRepository(repository.Id), [Privilege.ServiceRead], Token));
    }

    [Fact]
    public async Task HasPrivilegeAsync_WriteHeld_ImpliesReadButNotServiceRead()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await GrantAsync(tenant, target, dev.Id, Privilege.Write);
        RoleSet roles = await RolesAsync(tenant, "DEV");

        Assert.True(await Authorizer.HasPrivilegeAsync(roles, target, [Privilege.Read], Token));
        Assert.False(await Authorizer.HasPrivilegeAsync(roles, target, [Privilege.ServiceRead], Token));
        Assert.False(await Authorizer.HasPrivilegeAsync(roles, target, [Privilege.Ownership], Token));
    }

    [Fact]
    public async Task HasPrivilegeAsync_GrantedToARoleBelow_HeldByTheRoleAbove()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await Store.GrantRoleToRoleAsync(tenant.Id, reader.Id, tenant.SecurityAdmin, null, Token);
        await GrantAsync(tenant, SecurableObject.Database(database.Id), reader.Id, Privilege.Usage);

        Assert.True(await Authorizer.HasPrivilegeAsync(await RolesAsync(tenant, "ACCOUNTADMIN"), SecurableObject.Database(database.Id), [Privilege.Usage], Token));
        Assert.False(await Authorizer.HasPrivilegeAsync(await RolesAsync(tenant, "USERADMIN"), SecurableObject.Database(database.Id), [Privilege.Usage], Token));
    }

    [Fact]
    public async Task HasPrivilegeAsync_AccountAdminWithoutAGrant_DoesNotBypassTheCheck()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        await Store.TransferOwnershipAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), team.Id, null, CurrentGrants.Revoke, Token);

        bool allowed = await Authorizer.HasPrivilegeAsync(await RolesAsync(tenant, "ACCOUNTADMIN"), SecurableObject.ImageRepository(repository.Id), [Privilege.Read], Token);

        Assert.False(allowed);
    }

    [Fact]
    public async Task CanSeeAsync_AnyPrivilegeOrManageGrants_SeesTheObject()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await RoleAsync(tenant, "NOBODY");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        await GrantAsync(tenant, target, reader.Id, Privilege.ServiceRead);

        Assert.True(await Authorizer.CanSeeAsync(await RolesAsync(tenant, "READER"), target, Token));
        Assert.True(await Authorizer.CanSeeAsync(await RolesAsync(tenant, "SECURITYADMIN"), target, Token));
        Assert.False(await Authorizer.CanSeeAsync(await RolesAsync(tenant, "NOBODY"), target, Token));
        Assert.False(await Authorizer.CanSeeAsync(await RolesAsync(tenant, "USERADMIN"), target, Token));
    }

    [Fact]
    public async Task GetVisibilityAsync_RoleWithSomeGrants_SeesExactlyThoseRepositories()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        RepositoryRecord seen = await ImageRepositoryAsync(tenant, schema, "SEEN");
        await ImageRepositoryAsync(tenant, schema, "HIDDEN");
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await GrantAsync(tenant, SecurableObject.ImageRepository(seen.Id), reader.Id, Privilege.Read);

        Visibility readers = await Authorizer.GetVisibilityAsync(await RolesAsync(tenant, "READER"), SecurableType.ImageRepository, Token);
        Visibility managers = await Authorizer.GetVisibilityAsync(await RolesAsync(tenant, "SECURITYADMIN"), SecurableType.ImageRepository, Token);

        Assert.Equal(new HashSet<long> { seen.Id }, readers.ObjectIds);
        Assert.False(readers.All);
        Assert.True(managers.All);
    }

    [Fact]
    public async Task CanGrantAsync_OwnerGrantOptionOrManageGrants_AllowedOthersRefused()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        RoleRecord lead = await RoleAsync(tenant, "LEAD");
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Read], lead.Id, true, tenant.SysAdmin), Token);
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Read], dev.Id, false, tenant.SysAdmin), Token);

        Assert.True(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "SYSADMIN"), target, Privilege.Write, Token));
        Assert.True(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "LEAD"), target, Privilege.Read, Token));
        Assert.False(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "LEAD"), target, Privilege.Write, Token));
        Assert.False(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "DEV"), target, Privilege.Read, Token));
        Assert.True(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "SECURITYADMIN"), target, Privilege.Ownership, Token));
        Assert.False(await Authorizer.CanGrantAsync(await RolesAsync(tenant, "LEAD"), target, Privilege.Ownership, Token));
    }

    [Fact]
    public async Task CanRevokeAsync_GrantorOwnerOrManageGrants_AllowedOthersRefused()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        RoleRecord lead = await RoleAsync(tenant, "LEAD");
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Read], dev.Id, false, lead.Id), Token);
        GrantRecord grant = (await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token)).Single();

        Assert.True(await Authorizer.CanRevokeAsync(await RolesAsync(tenant, "LEAD"), grant, Token));
        Assert.True(await Authorizer.CanRevokeAsync(await RolesAsync(tenant, "SYSADMIN"), grant, Token));
        Assert.True(await Authorizer.CanRevokeAsync(await RolesAsync(tenant, "SECURITYADMIN"), grant, Token));
        Assert.False(await Authorizer.CanRevokeAsync(await RolesAsync(tenant, "DEV"), grant, Token));
        Assert.False(await Authorizer.CanRevokeAsync(await RolesAsync(tenant, "USERADMIN"), grant, Token));
    }

    [Fact]
    public async Task CanGrantRoleAsync_OwnerOfTheRoleOrManageGrants_AllowedOthersRefused()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord dev = await RoleAsync(tenant, "DEV", tenant.UserAdmin);

        Assert.True(await Authorizer.CanGrantRoleAsync(await RolesAsync(tenant, "USERADMIN"), dev.Id, Token));
        Assert.True(await Authorizer.CanGrantRoleAsync(await RolesAsync(tenant, "SECURITYADMIN"), dev.Id, Token));
        Assert.False(await Authorizer.CanGrantRoleAsync(await RolesAsync(tenant, "SYSADMIN"), dev.Id, Token));
    }

    private static SessionRecord Session(Tenant tenant, UserRecord user, string role, SecondaryRoles secondary) => Session(tenant, user.Id, role, secondary);

    private static SessionRecord Session(Tenant tenant, long userId, string role, SecondaryRoles secondary) =>
        new("token", tenant.Id, userId, role, null, null, secondary, Start, Start.AddHours(1));

    /// <summary>The role set of a session of the admin using <paramref name="role"/> alone (granting it to the admin first).</summary>
    private async Task<RoleSet> RolesAsync(Tenant tenant, string role)
    {
        RoleRecord record = (await Store.FindRoleAsync(tenant.Id, role, Token))!;
        await Store.GrantRoleToUserAsync(tenant.Id, record.Id, tenant.AdminUserId, null, Token);
        SessionRoles? roles = await Authorizer.ResolveSessionAsync(Session(tenant, tenant.AdminUserId, role, SecondaryRoles.None), Token);
        return roles!.Effective;
    }
}
