using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateRefreshTokenAsync_ThenFind_ReturnsItUntilItExpires()
    {
        Tenant tenant = await TenantAsync();
        RefreshTokenRecord token = new("rhash", tenant.Id, tenant.AdminUserId, null, Start, Start.AddDays(1));

        Assert.True(await Store.CreateRefreshTokenAsync(token, Token));
        Assert.Equal(token, await Store.FindRefreshTokenAsync(tenant.Id, "rhash", Token));

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(await Store.FindRefreshTokenAsync(tenant.Id, "rhash", Token));
    }

    [Fact]
    public async Task CreateRefreshTokenAsync_UserOfAnotherAccount_IsRefused()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");

        Assert.False(await Store.CreateRefreshTokenAsync(new("rhash", tenant.Id, other.AdminUserId, null, Start, Start.AddDays(1)), Token));
        Assert.Null(await Store.FindRefreshTokenAsync(other.Id, "rhash", Token));
    }
}
