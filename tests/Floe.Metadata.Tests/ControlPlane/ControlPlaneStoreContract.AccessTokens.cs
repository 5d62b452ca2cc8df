using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task AddAccessTokenAsync_NewName_ReturnsTheStoredToken()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");

        CreateResult<AccessTokenRecord> result = await Store.AddAccessTokenAsync(
            new NewAccessToken(tenant.Id, alice.Id, "CI", "hash-ci", tenant.SysAdmin, Start.AddDays(15), "for CI"), Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        Assert.Equal(
            new AccessTokenRecord(result.Value!.Id, tenant.Id, alice.Id, "ALICE", "CI", "hash-ci", tenant.SysAdmin, "SYSADMIN", Start, Start.AddDays(15), "for CI"),
            result.Value);
        Assert.Equal(result.Value, await Store.FindAccessTokenAsync(tenant.Id, "hash-ci", Token));
    }

    [Fact]
    public async Task AddAccessTokenAsync_NameTakenForTheUser_AlreadyExistsButFreeForAnotherUser()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        AccessTokenRecord first = Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, alice.Id, "CI", "h1", null, Start.AddDays(1)), Token));

        CreateResult<AccessTokenRecord> again = await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, alice.Id, "CI", "h2", null, Start.AddDays(1)), Token);
        CreateResult<AccessTokenRecord> admins = await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "CI", "h3", null, Start.AddDays(1)), Token);

        Assert.Equal(new CreateResult<AccessTokenRecord>(CreateStatus.AlreadyExists, first), again);
        Assert.Equal(CreateStatus.Created, admins.Status);
        Assert.Null(await Store.FindAccessTokenAsync(tenant.Id, "h2", Token));
    }

    [Fact]
    public async Task AddAccessTokenAsync_UserOrRoleOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");

        Assert.Equal(CreateStatus.NotFound, (await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, other.AdminUserId, "T", "h1", null, Start.AddDays(1)), Token)).Status);
        Assert.Equal(CreateStatus.NotFound, (await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "T", "h2", other.SysAdmin, Start.AddDays(1)), Token)).Status);
        Assert.Empty(await Store.ListAccessTokensAsync(other.Id, other.AdminUserId, Token));
        Assert.Empty(await Store.ListAccessTokensAsync(tenant.Id, tenant.AdminUserId, Token));
    }

    [Fact]
    public async Task FindAccessTokenAsync_AfterExpiry_ReturnsNullButListStillShowsIt()
    {
        Tenant tenant = await TenantAsync();
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "T", "h1", null, Start.AddDays(1)), Token));

        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await Store.FindAccessTokenAsync(tenant.Id, "h1", Token));
        Assert.Equal(["T"], (await Store.ListAccessTokensAsync(tenant.Id, tenant.AdminUserId, Token)).Select(t => t.Name));
    }

    [Fact]
    public async Task RemoveAccessTokenAsync_ByName_RemovesOnlyThatToken()
    {
        Tenant tenant = await TenantAsync();
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "B", "hb", null, Start.AddDays(1)), Token));
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "A", "ha", null, Start.AddDays(1)), Token));

        Assert.True(await Store.RemoveAccessTokenAsync(tenant.Id, tenant.AdminUserId, "B", Token));
        Assert.False(await Store.RemoveAccessTokenAsync(tenant.Id, tenant.AdminUserId, "B", Token));

        Assert.Equal(["A"], (await Store.ListAccessTokensAsync(tenant.Id, tenant.AdminUserId, Token)).Select(t => t.Name));
        Assert.Null(await Store.FindAccessTokenAsync(tenant.Id, "hb", Token));
    }

    [Fact]
    public async Task DropRoleAsync_RoleRestrictingATokenIsDropped_RemovesTheToken()
    {
        Tenant tenant = await TenantAsync();
        RoleRecord team = await RoleAsync(tenant, "TEAM");
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "T", "h1", team.Id, Start.AddDays(1)), Token));
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, tenant.AdminUserId, "U", "h2", null, Start.AddDays(1)), Token));

        await Store.DropRoleAsync(tenant.Id, team.Id, tenant.SecurityAdmin, Token);

        Assert.Equal(["U"], (await Store.ListAccessTokensAsync(tenant.Id, tenant.AdminUserId, Token)).Select(t => t.Name));
    }
}
