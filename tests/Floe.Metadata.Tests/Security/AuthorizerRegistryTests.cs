using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Metadata.Tests.ControlPlane;

namespace Floe.Metadata.Tests.Security;

/// <summary>Registry decisions: pull and push by privilege, user type, USAGE, role restriction.</summary>
public class AuthorizerRegistryTests : AuthorizerTestBase
{
    private const RegistryActions PullPush = RegistryActions.Pull | RegistryActions.Push;

    public static TheoryData<string, UserType, bool, RegistryActions> Matrix { get; } = new()
    {
        { "NONE", UserType.Person, true, RegistryActions.None },
        { "NONE", UserType.Service, true, RegistryActions.None },
        { "READ", UserType.Person, true, RegistryActions.Pull },
        { "READ", UserType.Service, true, RegistryActions.Pull },
        { "WRITE", UserType.Person, true, PullPush },
        { "WRITE", UserType.Service, true, PullPush },
        { "OWNERSHIP", UserType.Person, true, PullPush },
        { "OWNERSHIP", UserType.Service, true, PullPush },
        { "SERVICE READ", UserType.Person, true, RegistryActions.None },
        { "SERVICE READ", UserType.Service, true, RegistryActions.Pull },
        { "SERVICE WRITE", UserType.Person, true, RegistryActions.None },
        { "SERVICE WRITE", UserType.Service, true, PullPush },
        { "NONE", UserType.Person, false, RegistryActions.None },
        { "NONE", UserType.Service, false, RegistryActions.None },
        { "READ", UserType.Person, false, RegistryActions.None },
        { "READ", UserType.Service, false, RegistryActions.None },
        { "WRITE", UserType.Person, false, RegistryActions.None },
        { "WRITE", UserType.Service, false, RegistryActions.None },
        { "OWNERSHIP", UserType.Person, false, PullPush },
        { "OWNERSHIP", UserType.Service, false, PullPush },
        { "SERVICE READ", UserType.Person, false, RegistryActions.None },
        { "SERVICE READ", UserType.Service, false, RegistryActions.None },
        { "SERVICE WRITE", UserType.Person, false, RegistryActions.None },
        { "SERVICE WRITE", UserType.Service, false, RegistryActions.None },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AuthorizeRegistryAsync_PrivilegeUserTypeAndUsage_GivesExactlyTheseActions(
        string privilege, UserType type, bool usageOnDatabaseAndSchema, RegistryActions expected)
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        UserRecord user = await UserAsync(tenant, "U", type);
        RoleRecord role = await RoleAsync(tenant, "R");
        await GrantRoleAsync(tenant, role.Id, user.Id);
        await GiveAsync(tenant, SecurableObject.ImageRepository(repository.Id), role.Id, privilege);
        if (usageOnDatabaseAndSchema)
        {
            await GrantAsync(tenant, SecurableObject.Database(database.Id), role.Id, Privilege.Usage);
            await GrantAsync(tenant, SecurableObject.Schema(schema.Id), role.Id, Privilege.Usage);
        }

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, user.Id), repository, Token);

        Assert.Equal(expected, actions);
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_AccountAdminWithReadButNoUsage_CanPull()
    {
        (Tenant tenant, RepositoryRecord repository) = await RepositoryOfTeamAsync();
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), tenant.AccountAdmin, Privilege.Read);

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), repository, Token);

        Assert.Equal(RegistryActions.Pull, actions);
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_AccountAdminWithoutAPrivilegeOnTheRepository_GetsNothing()
    {
        (Tenant tenant, RepositoryRecord repository) = await RepositoryOfTeamAsync();

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), repository, Token);

        Assert.Equal(RegistryActions.None, actions);
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_SystemOwnedRepository_AdminInheritsOwnershipThroughSysAdmin()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), repository, Token);

        Assert.Equal(PullPush, actions);
    }

    [Theory]
    [InlineData("READER", RegistryActions.Pull)]
    [InlineData("WRITER", PullPush)]
    [InlineData("LEAD", RegistryActions.Pull)]
    public async Task AuthorizeRegistryAsync_TokenRestrictedToARole_UsesOnlyThatRoleAndBelow(string restriction, RegistryActions expected)
    {
        Tenant tenant = await TenantAsync();
        (UserRecord user, RepositoryRecord repository) = await ReaderAndWriterAsync(tenant);
        RoleRecord restricted = (await Store.FindRoleAsync(tenant.Id, restriction, Token))!;

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, user.Id, restricted.Id), repository, Token);

        Assert.Equal(expected, actions);
        Assert.Equal(PullPush, await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, user.Id), repository, Token));
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_TokenRestrictedToARoleTheUserLost_GetsNothing()
    {
        Tenant tenant = await TenantAsync();
        (UserRecord user, RepositoryRecord repository) = await ReaderAndWriterAsync(tenant);
        RoleRecord writer = (await Store.FindRoleAsync(tenant.Id, "WRITER", Token))!;
        await Store.RevokeRoleFromUserAsync(tenant.Id, writer.Id, user.Id, Token);

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, user.Id, writer.Id), repository, Token);

        Assert.Equal(RegistryActions.None, actions);
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_GrantRevokedOrUserDisabledOrDropped_NextDecisionRefuses()
    {
        Tenant tenant = await TenantAsync();
        (UserRecord user, RepositoryRecord repository) = await ReaderAndWriterAsync(tenant);
        RegistryPrincipal principal = new(tenant.Id, user.Id);
        RoleRecord writer = (await Store.FindRoleAsync(tenant.Id, "WRITER", Token))!;

        await Store.RevokePrivilegesAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), [Privilege.Write], writer.Id, false, Token);
        Assert.Equal(RegistryActions.Pull, await Authorizer.AuthorizeRegistryAsync(principal, repository, Token));

        await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges { Disabled = Change.To(true) }, Token);
        Assert.Equal(RegistryActions.None, await Authorizer.AuthorizeRegistryAsync(principal, repository, Token));

        await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges { Disabled = Change.To(false) }, Token);
        Assert.Equal(RegistryActions.Pull, await Authorizer.AuthorizeRegistryAsync(principal, repository, Token));

        await Store.DropUserAsync(tenant.Id, user.Id, Token);
        Assert.Equal(RegistryActions.None, await Authorizer.AuthorizeRegistryAsync(principal, repository, Token));
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_DatabaseDroppedAndRecreated_TheOldRepositoryGivesNothing()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        await Store.DropDatabaseAsync(tenant.Id, repository.DatabaseId!.Value, Token);
        await DatabaseAsync(tenant);

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), repository, Token);

        Assert.Equal(RegistryActions.None, actions);
        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_RepositoryOfAnotherAccount_GetsNothing()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        (_, _, RepositoryRecord otherRepository) = await RepositoryTreeAsync(other);

        RegistryActions actions = await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), otherRepository, Token);

        Assert.Equal(RegistryActions.None, actions);
    }

    [Fact]
    public async Task AuthorizeRegistryAsync_RepositoryOutsideAnySchema_OnlyItsOwnerGetsIn()
    {
        Tenant tenant = await TenantAsync();
        RepositoryRecord repository = (await Store.CreateRepositoryAsync(new NewRepository(tenant.Id, Key("NO_DB", "NO_SCHEMA", "REPO"), "SYSADMIN", null), Token))!;
        UserRecord reader = await UserAsync(tenant, "READER_USER");
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), tenant.Public, Privilege.Read);

        Assert.Equal(PullPush, await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, tenant.AdminUserId), repository, Token));
        Assert.Equal(RegistryActions.None, await Authorizer.AuthorizeRegistryAsync(new RegistryPrincipal(tenant.Id, reader.Id), repository, Token));
    }

    [Fact]
    public async Task FilterPullableAsync_SomeReadable_ReturnsExactlyThose()
    {
        Tenant tenant = await TenantAsync();
        (UserRecord user, RepositoryRecord readable) = await ReaderAndWriterAsync(tenant);
        RepositoryRecord hidden = await ImageRepositoryAsync(tenant, (await Store.FindSchemaAsync(tenant.Id, "DB", "PUBLIC", Token))!, "HIDDEN");

        IReadOnlyList<RepositoryRecord> pullable = await Authorizer.FilterPullableAsync(
            new RegistryPrincipal(tenant.Id, user.Id), await Store.ListRepositoriesAsync(tenant.Id, Token), Token);

        Assert.Equal([readable.Id], pullable.Select(r => r.Id));
        Assert.Equal([hidden.Id, readable.Id], (await Authorizer.FilterPullableAsync(
            new RegistryPrincipal(tenant.Id, tenant.AdminUserId), await Store.ListRepositoriesAsync(tenant.Id, Token), Token)).Select(r => r.Id));
    }

    /// <summary>
    /// User U holding READER (READ) and WRITER (WRITE) on DB.PUBLIC.REPO, both with USAGE on DB and PUBLIC,
    /// and LEAD above READER (LEAD itself holds nothing).
    /// </summary>
    private async Task<(UserRecord User, RepositoryRecord Repository)> ReaderAndWriterAsync(Tenant tenant)
    {
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        UserRecord user = await UserAsync(tenant, "U");
        RoleRecord lead = await RoleAsync(tenant, "LEAD");
        foreach ((string name, Privilege privilege) in new[] { ("READER", Privilege.Read), ("WRITER", Privilege.Write) })
        {
            RoleRecord role = await RoleAsync(tenant, name);
            await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), role.Id, privilege);
            await GrantAsync(tenant, SecurableObject.Database(database.Id), role.Id, Privilege.Usage);
            await GrantAsync(tenant, SecurableObject.Schema(schema.Id), role.Id, Privilege.Usage);
            await GrantRoleAsync(tenant, role.Id, user.Id);
            if (privilege == Privilege.Read)
            {
                await Store.GrantRoleToRoleAsync(tenant.Id, role.Id, lead.Id, null, Token);
            }
        }

        await GrantRoleAsync(tenant, lead.Id, user.Id);
        return (user, repository);
    }

    /// <summary>DB.PUBLIC.REPO owned by a role TEAM that no system role holds: ACCOUNTADMIN has no USAGE there.</summary>
    private async Task<(Tenant Tenant, RepositoryRecord Repository)> RepositoryOfTeamAsync()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        DatabaseRecord database = await DatabaseAsync(tenant, ownerRoleId: team.Id);
        return (tenant, await ImageRepositoryAsync(tenant, await PublicSchemaAsync(tenant, database), ownerRoleId: team.Id));
    }

    private async Task GiveAsync(Tenant tenant, SecurableObject target, long roleId, string privilege)
    {
        if (privilege == "OWNERSHIP")
        {
            Assert.Equal(TransferStatus.Transferred, await Store.TransferOwnershipAsync(tenant.Id, target, roleId, tenant.SysAdmin, CurrentGrants.Revoke, Token));
        }
        else if (privilege != "NONE")
        {
            await GrantAsync(tenant, target, roleId, Privileges.Parse(privilege));
        }
    }
}
