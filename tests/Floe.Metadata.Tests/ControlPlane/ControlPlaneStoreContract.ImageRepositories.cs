using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateImageRepositoryAsync_NewName_OwnedByTheCreatorInItsSchema()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        SchemaRecord schema = await PublicSchemaAsync(tenant, database);

        CreateResult<RepositoryRecord> result = await Store.CreateImageRepositoryAsync(
            new NewImageRepository(tenant.Id, schema.Id, "TUTORIAL_REPO", tenant.SysAdmin, "images", "SNOWFLAKE_FULL"), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        RepositoryRecord repository = result.Value!;
        Assert.Equal(
            new RepositoryRecord(repository.Id, tenant.Id, Key("DB", "PUBLIC", "TUTORIAL_REPO"), Start, "SYSADMIN", "images", "SNOWFLAKE_FULL")
            {
                DatabaseId = database.Id,
                SchemaId = schema.Id,
            },
            repository);
        Assert.Equal(repository, await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
        GrantRecord ownership = Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token));
        Assert.Equal((Privilege.Ownership, "SYSADMIN", new ObjectName("DB", "PUBLIC", "TUTORIAL_REPO")), (ownership.Privilege, ownership.GranteeRole, ownership.ObjectName));
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_ExistingName_ReturnsAlreadyExistsAndKeepsImages()
    {
        Tenant tenant = await TenantAsync();
        (_, SchemaRecord schema, RepositoryRecord existing) = await RepositoryTreeAsync(tenant);
        await PushAsync(existing);

        CreateResult<RepositoryRecord> result = await Store.CreateImageRepositoryAsync(
            new NewImageRepository(tenant.Id, schema.Id, "REPO", tenant.AccountAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(new CreateResult<RepositoryRecord>(CreateStatus.AlreadyExists, existing), result);
        Assert.NotNull(await Store.FindManifestByTagAsync(existing.Id, "app", "latest", Token));
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_SchemaOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        SchemaRecord otherSchema = await PublicSchemaAsync(other, await DatabaseAsync(other));

        CreateResult<RepositoryRecord> result = await Store.CreateImageRepositoryAsync(
            new NewImageRepository(tenant.Id, otherSchema.Id, "REPO", tenant.SysAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.NotFound, result.Status);
        Assert.Empty(await Store.ListRepositoriesAsync(tenant.Id, Token));
        Assert.Empty(await Store.ListRepositoriesAsync(other.Id, Token));
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_OrReplace_NewEmptyRepositoryWithoutTheOldGrants()
    {
        Tenant tenant = await TenantAsync();
        (_, SchemaRecord schema, RepositoryRecord old) = await RepositoryTreeAsync(tenant);
        await PushAsync(old);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await GrantAsync(tenant, SecurableObject.ImageRepository(old.Id), reader.Id, Privilege.Read);

        CreateResult<RepositoryRecord> result = await Store.CreateImageRepositoryAsync(
            new NewImageRepository(tenant.Id, schema.Id, "REPO", tenant.AccountAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Replaced, result.Status);
        RepositoryRecord replaced = result.Value!;
        Assert.NotEqual(old.Id, replaced.Id);
        Assert.Equal("ACCOUNTADMIN", replaced.OwnerRole);
        Assert.Null(await Store.FindManifestByTagAsync(replaced.Id, "app", "latest", Token));
        Assert.Null(await Store.FindManifestByTagAsync(old.Id, "app", "latest", Token));
        Assert.Empty(await Store.ListImageNamesAsync(tenant.Id, null, 100, Token));
        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, reader.Id, Token));
        Assert.Equal([replaced], await Store.ListRepositoriesAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_SchemaWithFutureGrants_AppliesThemInTheCreatingTransaction()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        SchemaRecord schema = await PublicSchemaAsync(tenant, database);
        SchemaRecord otherSchema = await SchemaAsync(tenant, database, "OTHER");
        RoleRecord reader = await RoleAsync(tenant, "READER");
        RoleRecord writer = await RoleAsync(tenant, "WRITER");
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], reader.Id, true, tenant.SysAdmin), Token);
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Write], writer.Id, false, tenant.SysAdmin), Token);

        RepositoryRecord repository = await ImageRepositoryAsync(tenant, schema);
        RepositoryRecord elsewhere = await ImageRepositoryAsync(tenant, otherSchema);

        IReadOnlyList<GrantRecord> grants = await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token);
        Assert.Equal(
            [(Privilege.Ownership, "SYSADMIN", false), (Privilege.Read, "READER", true), (Privilege.Write, "WRITER", false)],
            grants.Select(g => (g.Privilege, g.GranteeRole, g.GrantOption)));
        Assert.Equal(["SYSADMIN", "SYSADMIN", "SYSADMIN"], grants.Select(g => g.GrantedBy));
        Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(elsewhere.Id), Token));
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_FutureOwnershipInSchema_OwnedByTheFutureOwner()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Ownership], team.Id, false, null), Token);

        RepositoryRecord repository = await ImageRepositoryAsync(tenant, schema, ownerRoleId: tenant.SysAdmin);

        Assert.Equal("TEAM", repository.OwnerRole);
        GrantRecord ownership = Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token));
        Assert.Equal("TEAM", ownership.GranteeRole);
    }

    [Fact]
    public async Task CreateRepositoryAsync_ByKeyInAnExistingSchema_OwnedByTheNamedRoleWithFutureGrants()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], tenant.Public, false, null), Token);

        RepositoryRecord? repository = await Store.CreateRepositoryAsync(new NewRepository(tenant.Id, Key("DB", "PUBLIC", "REPO"), "SYSADMIN", null), Token);

        Assert.NotNull(repository);
        Assert.Equal(("SYSADMIN", schema.Id, schema.DatabaseId), (repository.OwnerRole, repository.SchemaId, repository.DatabaseId));
        Assert.Equal(2, (await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token)).Count);
    }

    [Fact]
    public async Task CreateRepositoryAsync_UnknownOwnerRole_ThrowsAndCreatesNothing()
    {
        Tenant tenant = await TenantAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Store.CreateRepositoryAsync(new NewRepository(tenant.Id, Key("DB", "PUBLIC", "REPO"), "NO_SUCH_ROLE", null), Token));
        Assert.Empty(await Store.ListRepositoriesAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task ListImageRepositoriesAsync_EachScope_ReturnsThatScopeOrdered()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord a = await DatabaseAsync(tenant, "A");
        DatabaseRecord b = await DatabaseAsync(tenant, "B");
        SchemaRecord aPublic = await PublicSchemaAsync(tenant, a);
        SchemaRecord aOther = await SchemaAsync(tenant, a, "OTHER");
        await ImageRepositoryAsync(tenant, await PublicSchemaAsync(tenant, b), "R1");
        await ImageRepositoryAsync(tenant, aOther, "R3");
        await ImageRepositoryAsync(tenant, aPublic, "R2");
        await ImageRepositoryAsync(tenant, aPublic, "R1");

        async Task<string[]> Names(RepositoryScope scope) =>
            [.. (await Store.ListImageRepositoriesAsync(tenant.Id, scope, Token)).Select(r => r.Key.ToString())];

        Assert.Equal(["A.OTHER.R3", "A.PUBLIC.R1", "A.PUBLIC.R2", "B.PUBLIC.R1"], await Names(RepositoryScope.Account));
        Assert.Equal(["A.OTHER.R3", "A.PUBLIC.R1", "A.PUBLIC.R2"], await Names(RepositoryScope.InDatabase("A")));
        Assert.Equal(["A.PUBLIC.R1", "A.PUBLIC.R2"], await Names(RepositoryScope.InSchema("A", "PUBLIC")));
        Assert.Empty(await Names(RepositoryScope.InSchema("A", "MISSING")));
    }

    [Fact]
    public async Task SetRepositoryCommentAsync_SetThenUnset_StoresThenClears()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);

        Assert.True(await Store.SetRepositoryCommentAsync(tenant.Id, repository.Id, "set", Token));
        Assert.Equal("set", (await Store.FindImageRepositoryByIdAsync(tenant.Id, repository.Id, Token))!.Comment);
        Assert.True(await Store.SetRepositoryCommentAsync(tenant.Id, repository.Id, null, Token));
        Assert.Null((await Store.FindImageRepositoryByIdAsync(tenant.Id, repository.Id, Token))!.Comment);
    }

    [Fact]
    public async Task DropRepositoryAsync_WithGrants_RemovesTheGrantsOnIt()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), reader.Id, Privilege.Read, Privilege.Write);

        Assert.True(await Store.DropRepositoryAsync(repository.Id, Token));

        Assert.Empty(await Store.ListGrantsToRoleAsync(tenant.Id, reader.Id, Token));
        Assert.Empty(await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token));
    }
}
