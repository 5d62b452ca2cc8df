using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task ListAccountsAsync_SeveralAccounts_OrderedByNameWithTheirFields()
    {
        await Store.CreateAccountAsync(new NewAccount("ZETA", "ADMIN", AdminHash) { Comment = "last" }, Token);
        await Store.CreateAccountAsync(new NewAccount("ALPHA", "ADMIN", AdminHash) { IsOrganizationAccount = true }, Token);

        IReadOnlyList<AccountRecord> accounts = await Store.ListAccountsAsync(Token);

        Assert.Equal(["ALPHA", "ZETA"], accounts.Select(a => a.Name));
        Assert.Equal((true, null), (accounts[0].IsOrganizationAccount, accounts[0].Comment));
        Assert.Equal((false, "last"), (accounts[1].IsOrganizationAccount, accounts[1].Comment));
        Assert.All(accounts, account => Assert.Null(account.AuthenticationPolicyId));
        Assert.All(accounts, account => Assert.Equal(Start, account.CreatedOn));
    }

    [Fact]
    public async Task FindAccountByIdAsync_KnownAndUnknownIds_ReturnsTheAccountOrNull()
    {
        Tenant tenant = await TenantAsync();

        Assert.Equal(tenant.Account, await Store.FindAccountByIdAsync(tenant.Id, Token));
        Assert.Equal(tenant.Account, await Store.FindAccountAsync("ACME", Token));
        Assert.Null(await Store.FindAccountByIdAsync(tenant.Id + 1000, Token));
    }

    [Fact]
    public async Task SetAccountCommentAsync_SetThenUnset_StoresThenClears()
    {
        Tenant tenant = await TenantAsync();

        Assert.True(await Store.SetAccountCommentAsync(tenant.Id, "team A", Token));
        Assert.Equal("team A", (await Store.FindAccountByIdAsync(tenant.Id, Token))!.Comment);
        Assert.True(await Store.SetAccountCommentAsync(tenant.Id, null, Token));
        Assert.Null((await Store.FindAccountByIdAsync(tenant.Id, Token))!.Comment);
        Assert.False(await Store.SetAccountCommentAsync(tenant.Id + 1000, "x", Token));
    }

    [Fact]
    public async Task DropAccountAsync_AccountWithEverything_RemovesAllOfIt()
    {
        Tenant doomed = await TenantAsync("DOOMED");
        Populated populated = await PopulateAsync(doomed);

        Assert.Equal(DropStatus.Dropped, await Store.DropAccountAsync(doomed.Id, Token));

        Assert.Null(await Store.FindAccountAsync("DOOMED", Token));
        Assert.Null(await Store.FindRepositoryAsync(doomed.Id, populated.Repository.Key, Token));
        Assert.Null(await Store.FindManifestByTagAsync(populated.Repository.Id, "app", "latest", Token));
        Assert.Null(await Store.FindUploadAsync(populated.UploadId, Token));
        Assert.Empty(await Store.ListImageNamesAsync(doomed.Id, null, 100, Token));
        Assert.Empty(await Store.ListDatabasesAsync(doomed.Id, Token));
        Assert.Empty(await Store.ListSchemasAsync(doomed.Id, null, Token));
        Assert.Empty(await Store.ListRolesAsync(doomed.Id, Token));
        Assert.Empty(await Store.ListUsersAsync(doomed.Id, Token));
        Assert.Empty(await Store.ListAuthenticationPoliciesAsync(doomed.Id, Token));
        Assert.Null(await Store.FindSessionAsync(doomed.Id, populated.SessionHash, Token));
        Assert.Null(await Store.FindAccessTokenAsync(doomed.Id, populated.TokenHash, Token));
    }

    [Fact]
    public async Task DropAccountAsync_AnotherAccountWithTheSameNames_IsLeftIntact()
    {
        Tenant doomed = await TenantAsync("DOOMED");
        Tenant kept = await TenantAsync("KEPT");
        await PopulateAsync(doomed);
        Populated keptObjects = await PopulateAsync(kept);

        await Store.DropAccountAsync(doomed.Id, Token);

        Assert.Equal(keptObjects.Repository, await Store.FindRepositoryAsync(kept.Id, keptObjects.Repository.Key, Token));
        Assert.NotNull(await Store.FindManifestByTagAsync(keptObjects.Repository.Id, "app", "latest", Token));
        Assert.NotNull(await Store.FindUploadAsync(keptObjects.UploadId, Token));
        Assert.Equal(6, (await Store.ListRolesAsync(kept.Id, Token)).Count);
        Assert.Equal(["ADMIN", "U"], (await Store.ListUsersAsync(kept.Id, Token)).Select(u => u.Name));
        Assert.Equal(2, (await Store.ListGrantsOnAsync(kept.Id, SecurableObject.ImageRepository(keptObjects.Repository.Id), Token)).Count);
        Assert.Single(await Store.ListFutureGrantsAsync(kept.Id, keptObjects.Repository.SchemaId!.Value, Token));
        Assert.Single(await Store.ListAuthenticationPoliciesAsync(kept.Id, Token));
        Assert.NotNull(await Store.FindSessionAsync(kept.Id, keptObjects.SessionHash, Token));
        Assert.NotNull(await Store.FindAccessTokenAsync(kept.Id, keptObjects.TokenHash, Token));
    }

    [Fact]
    public async Task DropAccountAsync_OrganizationAccount_IsProtected()
    {
        Tenant organization = await TenantAsync("ORG", organization: true);

        Assert.Equal(DropStatus.Protected, await Store.DropAccountAsync(organization.Id, Token));
        Assert.NotNull(await Store.FindAccountByIdAsync(organization.Id, Token));
    }

    [Fact]
    public async Task DropAccountAsync_UnknownAccount_ReturnsNotFound()
    {
        Assert.Equal(DropStatus.NotFound, await Store.DropAccountAsync(424_242, Token));
    }
}
