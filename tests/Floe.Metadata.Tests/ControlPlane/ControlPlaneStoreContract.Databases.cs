using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateDatabaseAsync_NewName_OwnedByTheRoleWithSchemaPublicOwnedAlike()
    {
        Tenant tenant = await TenantAsync();

        CreateResult<DatabaseRecord> result = await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, "DB", tenant.SysAdmin, "data"), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        DatabaseRecord database = result.Value!;
        Assert.Equal(new DatabaseRecord(database.Id, tenant.Id, "DB", Start, "SYSADMIN", "data"), database);
        SchemaRecord schema = Assert.Single(await Store.ListSchemasAsync(tenant.Id, database.Id, Token));
        Assert.Equal(new SchemaRecord(schema.Id, tenant.Id, database.Id, "DB", "PUBLIC", Start, "SYSADMIN", null), schema);
        GrantRecord ownership = Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.Database(database.Id), Token));
        Assert.Equal((Privilege.Ownership, "SYSADMIN", "SYSADMIN"), (ownership.Privilege, ownership.GranteeRole, ownership.GrantedBy));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ExistingName_ReturnsAlreadyExistsWithTheExisting()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord first = await DatabaseAsync(tenant);

        CreateResult<DatabaseRecord> second = await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, "DB", tenant.AccountAdmin, "x"), CreateMode.FailIfExists, Token);

        Assert.Equal(new CreateResult<DatabaseRecord>(CreateStatus.AlreadyExists, first), second);
        Assert.Equal([first], await Store.ListDatabasesAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task CreateDatabaseAsync_OwnerRoleOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");

        CreateResult<DatabaseRecord> result = await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, "DB", other.SysAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.NotFound, result.Status);
        Assert.Empty(await Store.ListDatabasesAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task CreateDatabaseAsync_OrReplace_DropsTheOldOneWithEverythingInIt()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord old, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SchemaRecord extra = await SchemaAsync(tenant, old, "EXTRA");
        await PushAsync(repository);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await GrantAsync(tenant, SecurableObject.Database(old.Id), reader.Id, Privilege.Usage);
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), reader.Id, Privilege.Read);

        CreateResult<DatabaseRecord> replaced = await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, "DB", tenant.AccountAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Replaced, replaced.Status);
        Assert.NotEqual(old.Id, replaced.Value!.Id);
        Assert.Equal("ACCOUNTADMIN", replaced.Value.Owner);
        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token));
        Assert.Null(await Store.FindSchemaAsync(tenant.Id, "DB", extra.Name, Token));
        Assert.Equal(["PUBLIC"], (await Store.ListSchemasAsync(tenant.Id, replaced.Value.Id, Token)).Select(s => s.Name));
        Assert.NotEqual(schema.Id, (await PublicSchemaAsync(tenant, replaced.Value)).Id);
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, reader.Id, Token));
    }

    [Fact]
    public async Task DropDatabaseAsync_WithSchemasAndRepositories_DropsThemWithImagesGrantsAndPolicies()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SchemaRecord second = await SchemaAsync(tenant, database, "SECOND");
        RepositoryRecord other = await ImageRepositoryAsync(tenant, second, "OTHER");
        await PushAsync(repository);
        await Store.LinkBlobAsync(repository.Id, Core.Content.Digest.Sha256Of("layer"u8), 5, Token);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), reader.Id, Privilege.Read);
        await GrantAsync(tenant, SecurableObject.Schema(schema.Id), reader.Id, Privilege.Usage);
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, second.Id, SecurableType.ImageRepository, [Privilege.Read], reader.Id, false, null), Token);
        await Store.CreateAuthenticationPolicyAsync(new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.Password, tenant.SysAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(DropStatus.Dropped, await Store.DropDatabaseAsync(tenant.Id, database.Id, Token));

        Assert.Null(await Store.FindDatabaseAsync(tenant.Id, "DB", Token));
        Assert.Empty(await Store.ListSchemasAsync(tenant.Id, null, Token));
        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, other.Key, Token));
        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token));
        Assert.Null(await Store.FindBlobLinkAsync(repository.Id, Core.Content.Digest.Sha256Of("layer"u8), Token));
        Assert.Empty(await Store.ListImageNamesAsync(tenant.Id, null, 100, Token));
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, reader.Id, Token));
        Assert.Empty(await Store.ListFutureGrantsAsync(tenant.Id, second.Id, Token));
        Assert.Empty(await Store.ListAuthenticationPoliciesAsync(tenant.Id, Token));
        IReadOnlyList<GrantRecord> ownerGrants = await Store.ListGrantsToRoleAsync(tenant.Id, tenant.SysAdmin, Token);
        Assert.Equal([Privilege.CreateDatabase], ownerGrants.Select(g => g.Privilege));
    }

    [Fact]
    public async Task DropDatabaseAsync_SiblingDatabaseWithTheSameSchemaAndRepositoryNames_IsUntouched()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord dropped, _, _) = await RepositoryTreeAsync(tenant);
        DatabaseRecord kept = await DatabaseAsync(tenant, "KEPT");
        RepositoryRecord keptRepository = await ImageRepositoryAsync(tenant, await PublicSchemaAsync(tenant, kept));
        await PushAsync(keptRepository);

        await Store.DropDatabaseAsync(tenant.Id, dropped.Id, Token);

        Assert.Equal(keptRepository, await Store.FindRepositoryAsync(tenant.Id, Key("KEPT", "PUBLIC", "REPO"), Token));
        Assert.NotNull(await Store.FindManifestByTagAsync(keptRepository.Id, "app", "latest", Token));
        Assert.Equal(["KEPT"], (await Store.ListDatabasesAsync(tenant.Id, Token)).Select(d => d.Name));
    }

    [Fact]
    public async Task DropDatabaseAsync_HoldsAPolicySetOnAUser_ReturnsInUseAndDropsNothing()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        AuthenticationPolicyRecord policy = Created(await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.KeyPair, tenant.SysAdmin), CreateMode.FailIfExists, Token));
        await Store.SetUserAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, policy.Id, Token);

        Assert.Equal(DropStatus.InUse, await Store.DropDatabaseAsync(tenant.Id, database.Id, Token));
        Assert.Equal(CreateStatus.Protected, (await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, "DB", tenant.SysAdmin), CreateMode.OrReplace, Token)).Status);
        Assert.Equal(repository, await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
        Assert.Equal(DropStatus.InUse, await Store.DropSchemaAsync(tenant.Id, schema.Id, Token));
    }

    [Fact]
    public async Task DropDatabaseAsync_UnknownOrOtherAccountsDatabase_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        DatabaseRecord otherDatabase = await DatabaseAsync(other);

        Assert.Equal(DropStatus.NotFound, await Store.DropDatabaseAsync(tenant.Id, otherDatabase.Id, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropDatabaseAsync(tenant.Id, 987_654, Token));
        Assert.NotNull(await Store.FindDatabaseAsync(other.Id, "DB", Token));
    }

    [Fact]
    public async Task SetDatabaseCommentAsync_SetThenUnset_StoresThenClears()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);

        Assert.True(await Store.SetDatabaseCommentAsync(tenant.Id, database.Id, "hello", Token));
        Assert.Equal("hello", (await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Comment);
        Assert.True(await Store.SetDatabaseCommentAsync(tenant.Id, database.Id, null, Token));
        Assert.Null((await Store.FindDatabaseAsync(tenant.Id, "DB", Token))!.Comment);
    }

    [Fact]
    public async Task ListDatabasesAsync_SeveralDatabases_OrderedByName()
    {
        Tenant tenant = await TenantAsync();
        await DatabaseAsync(tenant, "B");
        await DatabaseAsync(tenant, "A", tenant.AccountAdmin);

        IReadOnlyList<DatabaseRecord> databases = await Store.ListDatabasesAsync(tenant.Id, Token);

        Assert.Equal([("A", "ACCOUNTADMIN"), ("B", "SYSADMIN")], databases.Select(d => (d.Name, d.Owner!)));
    }
}
