using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateSessionAsync_ThenFind_ReturnsTheSession()
    {
        Tenant tenant = await TenantAsync();
        SessionRecord session = new("hash", tenant.Id, tenant.AdminUserId, "ACCOUNTADMIN", "DB", "PUBLIC", SecondaryRoles.None, Start, Start.AddHours(1));

        Assert.True(await Store.CreateSessionAsync(session, Token));

        Assert.Equal(session, await Store.FindSessionAsync(tenant.Id, "hash", Token));
    }

    [Fact]
    public async Task UpdateSessionAsync_NewState_IsWhatTheNextFindReturns()
    {
        Tenant tenant = await TenantAsync();
        SessionRecord session = new("hash", tenant.Id, tenant.AdminUserId, "ACCOUNTADMIN", null, null, SecondaryRoles.All, Start, Start.AddHours(1));
        await Store.CreateSessionAsync(session, Token);
        SessionRecord changed = session with { Role = "SYSADMIN", Database = "DB", Schema = "S", SecondaryRoles = SecondaryRoles.None, ExpiresOn = Start.AddHours(2) };

        Assert.True(await Store.UpdateSessionAsync(changed, Token));

        Assert.Equal(changed, await Store.FindSessionAsync(tenant.Id, "hash", Token));
    }

    [Fact]
    public async Task Sessions_RoleRestriction_IsKeptAcrossUpdates()
    {
        Tenant tenant = await TenantAsync();
        SessionRecord session = new("hash", tenant.Id, tenant.AdminUserId, "SYSADMIN", null, null, SecondaryRoles.None, Start, Start.AddHours(1), "SYSADMIN");
        await Store.CreateSessionAsync(session, Token);

        Assert.Equal(session, await Store.FindSessionAsync(tenant.Id, "hash", Token));
        SessionRecord changed = session with { Role = "PUBLIC", SecondaryRoles = SecondaryRoles.All };
        Assert.True(await Store.UpdateSessionAsync(changed, Token));
        Assert.Equal("SYSADMIN", (await Store.FindSessionAsync(tenant.Id, "hash", Token))!.RoleRestriction);
    }

    [Fact]
    public async Task FindSessionAsync_AfterExpiry_ReturnsNullAndUpdateFails()
    {
        Tenant tenant = await TenantAsync();
        SessionRecord session = new("hash", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1));
        await Store.CreateSessionAsync(session, Token);

        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Store.FindSessionAsync(tenant.Id, "hash", Token));
        Assert.False(await Store.UpdateSessionAsync(session with { Role = "PUBLIC" }, Token));
    }

    [Fact]
    public async Task DeleteExpiredSessionsAsync_MixedExpiries_RemovesOnlyTheExpired()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        await Store.CreateSessionAsync(new SessionRecord("old", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddMinutes(5)), Token);
        await Store.CreateSessionAsync(new SessionRecord("other-old", other.Id, other.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddMinutes(10)), Token);
        await Store.CreateSessionAsync(new SessionRecord("fresh", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);

        int deleted = await Store.DeleteExpiredSessionsAsync(Start.AddMinutes(10), Token);

        Assert.Equal(2, deleted);
        Assert.NotNull(await Store.FindSessionAsync(tenant.Id, "fresh", Token));
        Assert.Equal(0, await Store.DeleteExpiredSessionsAsync(Start.AddMinutes(10), Token));
    }

    [Fact]
    public async Task DeleteSessionAsync_KnownThenAgain_TrueThenFalse()
    {
        Tenant tenant = await TenantAsync();
        await Store.CreateSessionAsync(new SessionRecord("hash", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);

        Assert.True(await Store.DeleteSessionAsync(tenant.Id, "hash", Token));
        Assert.False(await Store.DeleteSessionAsync(tenant.Id, "hash", Token));
        Assert.Null(await Store.FindSessionAsync(tenant.Id, "hash", Token));
    }

    [Fact]
    public async Task Sessions_OtherAccount_CannotCreateFindUpdateOrDeleteThem()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        SessionRecord session = new("hash", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1));
        await Store.CreateSessionAsync(session, Token);

        Assert.False(await Store.CreateSessionAsync(session with { TokenHash = "cross", UserId = other.AdminUserId }, Token));
        Assert.Null(await Store.FindSessionAsync(other.Id, "hash", Token));
        Assert.False(await Store.UpdateSessionAsync(session with { AccountId = other.Id, Role = "X" }, Token));
        Assert.False(await Store.DeleteSessionAsync(other.Id, "hash", Token));
        Assert.Equal(session, await Store.FindSessionAsync(tenant.Id, "hash", Token));
    }
}
