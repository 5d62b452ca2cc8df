using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task GrantFuturePrivilegesAsync_SeveralRoles_ListedBySchema()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        RoleRecord reader = await RoleAsync(tenant, "READER");

        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Write, Privilege.Read], reader.Id, false, tenant.SysAdmin), Token);
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], tenant.Public, true, null), Token);

        Assert.Equal(
            [
                new FutureGrantRecord(Start, schema.Id, new ObjectName("DB", null, "PUBLIC"), SecurableType.ImageRepository, Privilege.Read, tenant.Public, "PUBLIC", true, null),
                new FutureGrantRecord(Start, schema.Id, new ObjectName("DB", null, "PUBLIC"), SecurableType.ImageRepository, Privilege.Read, reader.Id, "READER", false, "SYSADMIN"),
                new FutureGrantRecord(Start, schema.Id, new ObjectName("DB", null, "PUBLIC"), SecurableType.ImageRepository, Privilege.Write, reader.Id, "READER", false, "SYSADMIN"),
            ],
            await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
    }

    [Fact]
    public async Task GrantFuturePrivilegesAsync_SecondFutureOwner_ReplacesTheFirst()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));

        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Ownership], tenant.SysAdmin, false, null), Token);
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Ownership], tenant.SecurityAdmin, false, null), Token);

        FutureGrantRecord owner = Assert.Single(await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
        Assert.Equal((Privilege.Ownership, "SECURITYADMIN"), (owner.Privilege, owner.GranteeRole));
    }

    [Theory]
    [InlineData(SecurableType.Database, Privilege.Usage)]
    [InlineData(SecurableType.ImageRepository, Privilege.Usage)]
    [InlineData(SecurableType.Schema, Privilege.Usage)]
    public async Task GrantFuturePrivilegesAsync_NotForImageRepositories_ReturnsNotApplicable(SecurableType type, Privilege privilege)
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));

        GrantStatus status = await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, type, [privilege], tenant.Public, false, null), Token);

        Assert.Equal(GrantStatus.NotApplicable, status);
        Assert.Empty(await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
    }

    [Fact]
    public async Task GrantFuturePrivilegesAsync_SchemaOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        SchemaRecord otherSchema = await PublicSchemaAsync(other, await DatabaseAsync(other));

        GrantStatus status = await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, otherSchema.Id, SecurableType.ImageRepository, [Privilege.Read], tenant.Public, false, null), Token);

        Assert.Equal(GrantStatus.NotFound, status);
        Assert.Empty(await Store.ListFutureGrantsAsync(other.Id, otherSchema.Id, Token));
    }

    [Fact]
    public async Task RevokeFuturePrivilegesAsync_PrivilegeThenGrantOption_RemovesWhatWasAsked()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        await Store.GrantFuturePrivilegesAsync(new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read, Privilege.Write], tenant.Public, true, null), Token);

        Assert.Equal(1, await Store.RevokeFuturePrivilegesAsync(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Write], tenant.Public, false, Token));
        Assert.Equal(1, await Store.RevokeFuturePrivilegesAsync(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], tenant.Public, true, Token));

        FutureGrantRecord remaining = Assert.Single(await Store.ListFutureGrantsAsync(tenant.Id, schema.Id, Token));
        Assert.Equal((Privilege.Read, false), (remaining.Privilege, remaining.GrantOption));
        RepositoryRecord repository = await ImageRepositoryAsync(tenant, schema);
        Assert.Equal(
            [(Privilege.Ownership, "SYSADMIN", false), (Privilege.Read, "PUBLIC", false)],
            (await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(repository.Id), Token)).Select(g => (g.Privilege, g.GranteeRole, g.GrantOption)));
    }
}
