using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateSchemaAsync_NewName_ReturnsTheSchemaOwnedByTheRole()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);

        CreateResult<SchemaRecord> result = await Store.CreateSchemaAsync(new NewSchema(tenant.Id, database.Id, "APPS", tenant.AccountAdmin, "apps"), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        Assert.Equal(new SchemaRecord(result.Value!.Id, tenant.Id, database.Id, "DB", "APPS", Start, "ACCOUNTADMIN", "apps"), result.Value);
        Assert.Equal(result.Value, await Store.FindSchemaAsync(tenant.Id, "DB", "APPS", Token));
    }

    [Fact]
    public async Task CreateSchemaAsync_ExistingName_ReturnsAlreadyExists()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord database = await DatabaseAsync(tenant);
        SchemaRecord existing = await PublicSchemaAsync(tenant, database);

        CreateResult<SchemaRecord> result = await Store.CreateSchemaAsync(new NewSchema(tenant.Id, database.Id, "PUBLIC", tenant.SysAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(new CreateResult<SchemaRecord>(CreateStatus.AlreadyExists, existing), result);
    }

    [Fact]
    public async Task CreateSchemaAsync_DatabaseOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        DatabaseRecord otherDatabase = await DatabaseAsync(other);

        CreateResult<SchemaRecord> result = await Store.CreateSchemaAsync(new NewSchema(tenant.Id, otherDatabase.Id, "S", tenant.SysAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.NotFound, result.Status);
        Assert.Equal(["PUBLIC"], (await Store.ListSchemasAsync(other.Id, null, Token)).Select(s => s.Name));
    }

    [Fact]
    public async Task CreateSchemaAsync_OrReplace_DropsItsRepositoriesAndFutureGrants()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        await PushAsync(repository);
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], tenant.Public, false, null), Token);

        CreateResult<SchemaRecord> replaced = await Store.CreateSchemaAsync(new NewSchema(tenant.Id, database.Id, "PUBLIC", tenant.SysAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Replaced, replaced.Status);
        Assert.NotEqual(schema.Id, replaced.Value!.Id);
        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token));
        Assert.Empty(await Store.ListFutureGrantsAsync(tenant.Id, replaced.Value.Id, Token));
        Assert.Empty(await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
    }

    [Fact]
    public async Task DropSchemaAsync_WithRepositories_DropsOnlyThatSchemasRepositories()
    {
        Tenant tenant = await TenantAsync();
        (DatabaseRecord database, SchemaRecord dropped, RepositoryRecord droppedRepository) = await RepositoryTreeAsync(tenant);
        SchemaRecord kept = await SchemaAsync(tenant, database, "KEPT");
        RepositoryRecord keptRepository = await ImageRepositoryAsync(tenant, kept);
        await PushAsync(droppedRepository);
        await PushAsync(keptRepository);

        Assert.Equal(DropStatus.Dropped, await Store.DropSchemaAsync(tenant.Id, dropped.Id, Token));

        Assert.Null(await Store.FindRepositoryAsync(tenant.Id, droppedRepository.Key, Token));
        Assert.Null(await Store.FindManifestByTagAsync(droppedRepository.Id, "app", "latest", Token));
        Assert.Equal(keptRepository, await Store.FindRepositoryAsync(tenant.Id, keptRepository.Key, Token));
        Assert.Equal(["db/kept/repo/app"], await Store.ListImageNamesAsync(tenant.Id, null, 100, Token));
        Assert.Equal(["KEPT"], (await Store.ListSchemasAsync(tenant.Id, database.Id, Token)).Select(s => s.Name));
        Assert.Equal(DropStatus.NotFound, await Store.DropSchemaAsync(tenant.Id, dropped.Id, Token));
    }

    [Fact]
    public async Task ListSchemasAsync_AllOrOneDatabase_OrderedByDatabaseThenName()
    {
        Tenant tenant = await TenantAsync();
        DatabaseRecord b = await DatabaseAsync(tenant, "B");
        DatabaseRecord a = await DatabaseAsync(tenant, "A");
        await SchemaAsync(tenant, b, "Z");
        await SchemaAsync(tenant, a, "M");

        IReadOnlyList<SchemaRecord> all = await Store.ListSchemasAsync(tenant.Id, null, Token);
        IReadOnlyList<SchemaRecord> inB = await Store.ListSchemasAsync(tenant.Id, b.Id, Token);

        Assert.Equal([("A", "M"), ("A", "PUBLIC"), ("B", "PUBLIC"), ("B", "Z")], all.Select(s => (s.Database, s.Name)));
        Assert.Equal(["PUBLIC", "Z"], inB.Select(s => s.Name));
    }

    [Fact]
    public async Task SetSchemaCommentAsync_SetThenUnset_StoresThenClears()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));

        Assert.True(await Store.SetSchemaCommentAsync(tenant.Id, schema.Id, "c", Token));
        Assert.Equal("c", (await Store.FindSchemaAsync(tenant.Id, "DB", "PUBLIC", Token))!.Comment);
        Assert.True(await Store.SetSchemaCommentAsync(tenant.Id, schema.Id, null, Token));
        Assert.Null((await Store.FindSchemaAsync(tenant.Id, "DB", "PUBLIC", Token))!.Comment);
    }
}
