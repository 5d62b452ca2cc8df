using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task GrantPrivilegesAsync_SeveralPrivileges_ListedOnTheObjectAndToTheRole()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        GrantStatus status = await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Read, Privilege.Write], dev.Id, true, tenant.SysAdmin), Token);

        Assert.Equal(GrantStatus.Granted, status);
        ObjectName name = new("DB", "PUBLIC", "REPO");
        Assert.Equal(
            [
                new GrantRecord(Start, Privilege.Ownership, target, name, tenant.SysAdmin, "SYSADMIN", false, tenant.SysAdmin, "SYSADMIN"),
                new GrantRecord(Start, Privilege.Read, target, name, dev.Id, "DEV", true, tenant.SysAdmin, "SYSADMIN"),
                new GrantRecord(Start, Privilege.Write, target, name, dev.Id, "DEV", true, tenant.SysAdmin, "SYSADMIN"),
            ],
            await Store.ListGrantsOnAsync(tenant.Id, target, Token));
        Assert.Equal([Privilege.Read, Privilege.Write], (await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token)).Select(g => g.Privilege));
    }

    [Fact]
    public async Task GrantPrivilegesAsync_AgainWithAndWithoutGrantOption_AddsTheOptionNeverRemovesIt()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.Database(database.Id);

        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage], dev.Id, false, null), Token);
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage], dev.Id, true, null), Token);
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage], dev.Id, false, null), Token);

        GrantRecord usage = Assert.Single(await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token));
        Assert.True(usage.GrantOption);
    }

    [Theory]
    [InlineData(SecurableType.Database, Privilege.Read)]
    [InlineData(SecurableType.Database, Privilege.Ownership)]
    [InlineData(SecurableType.ImageRepository, Privilege.Usage)]
    [InlineData(SecurableType.Schema, Privilege.CreateSchema)]
    [InlineData(SecurableType.Account, Privilege.CreateAccount)]
    [InlineData(SecurableType.Role, Privilege.Usage)]
    public async Task GrantPrivilegesAsync_PrivilegeNotApplicable_ReturnsNotApplicableAndGrantsNothing(SecurableType type, Privilege privilege)
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        long id = type switch
        {
            SecurableType.Database => database.Id,
            SecurableType.Schema => schema.Id,
            SecurableType.ImageRepository => repository.Id,
            SecurableType.Role => tenant.SysAdmin,
            _ => tenant.Id,
        };

        GrantStatus status = await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, new SecurableObject(type, id), [Privilege.Usage, privilege], dev.Id, false, null), Token);

        Assert.Equal(GrantStatus.NotApplicable, status);
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token));
    }

    [Fact]
    public async Task GrantPrivilegesAsync_CreateAccountOnTheOrganizationAccount_Granted()
    {
        Tenant tenant = await TenantAsync("ORG", organization: true);

        GrantStatus status = await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(tenant.Id, SecurableObject.Account(tenant.Id), [Privilege.CreateAccount], tenant.SysAdmin, false, tenant.AccountAdmin), Token);

        Assert.Equal(GrantStatus.Granted, status);
    }

    [Fact]
    public async Task GrantPrivilegesAsync_ObjectOrRoleOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        (_, _, RepositoryRecord otherRepository) = await RepositoryTreeAsync(other);
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);

        Assert.Equal(GrantStatus.NotFound, await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(tenant.Id, SecurableObject.ImageRepository(otherRepository.Id), [Privilege.Read], tenant.Public, false, null), Token));
        Assert.Equal(GrantStatus.NotFound, await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(tenant.Id, SecurableObject.ImageRepository(repository.Id), [Privilege.Read], other.Public, false, null), Token));
        Assert.Equal(GrantStatus.NotFound, await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(tenant.Id, SecurableObject.Account(other.Id), [Privilege.CreateUser], tenant.Public, false, null), Token));
        Assert.Single(await Store.ListGrantsOnAsync(other.Id, SecurableObject.ImageRepository(otherRepository.Id), Token));
        Assert.Empty(await Store.ListGrantsToRoleAsync(other.Id, other.Public, Token));
    }

    [Fact]
    public async Task Grant_GrantorOfAnotherAccount_ReturnsNotFoundSoItsNameNeverShows()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        (DatabaseRecord database, SchemaRecord schema, _) = await RepositoryTreeAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.Database(database.Id);

        Assert.Equal(GrantStatus.NotFound, await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage], dev.Id, false, other.SecurityAdmin), Token));
        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToRoleAsync(tenant.Id, dev.Id, tenant.SysAdmin, other.SecurityAdmin, Token));
        Assert.Equal(RoleGrantStatus.NotFound, await Store.GrantRoleToUserAsync(tenant.Id, dev.Id, tenant.AdminUserId, other.SecurityAdmin, Token));
        Assert.Equal(TransferStatus.NotFound, await Store.TransferOwnershipAsync(tenant.Id, target, dev.Id, other.SecurityAdmin, CurrentGrants.Revoke, Token));
        Assert.Equal(GrantStatus.NotFound, await Store.GrantFuturePrivilegesAsync(
            new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], dev.Id, false, other.SecurityAdmin), Token));
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token));
        Assert.Empty(await Store.ListGrantsOfRoleAsync(tenant.Id, dev.Id, Token));
        Assert.Empty(await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
        Assert.Equal("SYSADMIN", (await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Owner);
    }

    [Fact]
    public async Task RevokePrivilegesAsync_GrantOptionOnly_KeepsThePrivilege()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.Database(database.Id);
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage, Privilege.CreateSchema], dev.Id, true, null), Token);

        int changed = await Store.RevokePrivilegesAsync(tenant.Id, target, [Privilege.Usage], dev.Id, grantOptionOnly: true, Token);

        Assert.Equal(1, changed);
        Assert.Equal(
            [(Privilege.CreateSchema, true), (Privilege.Usage, false)],
            (await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token)).Select(g => (g.Privilege, g.GrantOption)));
    }

    [Fact]
    public async Task RevokePrivilegesAsync_HeldAndNotHeld_RemovesOnlyWhatWasHeld()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        RoleRecord dev = await RoleAsync(tenant, "DEV");
        SecurableObject target = SecurableObject.Database(database.Id);
        await Store.GrantPrivilegesAsync(new PrivilegeGrant(tenant.Id, target, [Privilege.Usage], dev.Id, false, null), Token);

        int changed = await Store.RevokePrivilegesAsync(tenant.Id, target, [Privilege.Usage, Privilege.CreateSchema], dev.Id, grantOptionOnly: false, Token);

        Assert.Equal(1, changed);
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, dev.Id, Token));
    }

    [Fact]
    public async Task RevokePrivilegesAsync_Ownership_IsNeverRevoked()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);

        int changed = await Store.RevokePrivilegesAsync(tenant.Id, SecurableObject.Database(database.Id), [Privilege.Ownership], tenant.SysAdmin, false, Token);

        Assert.Equal(0, changed);
        Assert.Equal("SYSADMIN", (await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Owner);
    }

    [Fact]
    public async Task ListGrantsToRoleAsync_ObjectsOfEveryKind_NamesEachObject()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await OwnedTreeAsync(tenant, "TEAM");

        IReadOnlyList<GrantRecord> grants = await Store.ListGrantsToRoleAsync(tenant.Id, (await Store.FindRoleAsync(tenant.Id, "TEAM", Token))!.Id, Token);

        Assert.Equal(
            [
                (SecurableType.AuthenticationPolicy, new ObjectName("DB", "PUBLIC", "POLICY")),
                (SecurableType.Database, new ObjectName(null, null, "DB")),
                (SecurableType.ImageRepository, new ObjectName("DB", "PUBLIC", "REPO")),
                (SecurableType.Role, new ObjectName(null, null, "TEAM_CHILD")),
                (SecurableType.Schema, new ObjectName("DB", null, "PUBLIC")),
                (SecurableType.User, new ObjectName(null, null, "TEAM_USER")),
            ],
            grants.Select(g => (g.Object.Type, g.ObjectName)).OrderBy(g => g.Type.ToSql(), StringComparer.Ordinal));
        Assert.All(grants, grant => Assert.Equal(Privilege.Ownership, grant.Privilege));
        Assert.Equal(database.Id, grants.Single(g => g.Object.Type == SecurableType.Database).Object.Id);
        Assert.Equal(schema.Id, grants.Single(g => g.Object.Type == SecurableType.Schema).Object.Id);
        Assert.Equal(repository.Id, grants.Single(g => g.Object.Type == SecurableType.ImageRepository).Object.Id);
    }

    /// <summary>DB.PUBLIC.REPO, policy DB.PUBLIC.POLICY, role TEAM_CHILD and user TEAM_USER, all owned by a new role <paramref name="owner"/>.</summary>
    private async Task<(DatabaseRecord, SchemaRecord, RepositoryRecord)> OwnedTreeAsync(Tenant tenant, string owner)
    {
        RoleRecord team = await RoleAsync(tenant, owner);
        DatabaseRecord database = await DatabaseAsync(tenant, ownerRoleId: team.Id);
        SchemaRecord schema = await PublicSchemaAsync(tenant, database);
        RepositoryRecord repository = await ImageRepositoryAsync(tenant, schema, ownerRoleId: team.Id);
        await Store.CreateAuthenticationPolicyAsync(new NewAuthenticationPolicy(tenant.Id, schema.Id, "POLICY", AuthenticationMethods.Password, team.Id), CreateMode.FailIfExists, Token);
        await RoleAsync(tenant, owner + "_CHILD", team.Id);
        await Store.CreateUserAsync(new NewUser(tenant.Id, owner + "_USER", team.Id), CreateMode.FailIfExists, Token);
        return (database, schema, repository);
    }
}
