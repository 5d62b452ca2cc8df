using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

/// <summary>Two accounts holding objects of the same names: nothing of one is reachable through the other.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task TwoAccounts_SameNames_EachFindsOnlyItsOwnObjects()
    {
        Tenant acme = await TenantAsync("ACME");
        Tenant other = await TenantAsync("OTHER");
        Populated acmeObjects = await PopulateAsync(acme);
        Populated otherObjects = await PopulateAsync(other);

        Assert.NotEqual(acmeObjects.Repository.Id, otherObjects.Repository.Id);
        Assert.Equal(otherObjects.Repository, await Store.FindRepositoryAsync(other.Id, Key("DB", "PUBLIC", "REPO"), Token));
        Assert.Equal(other.Id, (await Store.FindDatabaseAsync(other.Id, "DB", Token))!.AccountId);
        Assert.Equal(other.Id, (await Store.FindSchemaAsync(other.Id, "DB", "PUBLIC", Token))!.AccountId);
        Assert.Equal(other.Id, (await Store.FindRoleAsync(other.Id, "READER", Token))!.AccountId);
        Assert.Equal(other.Id, (await Store.FindUserAsync(other.Id, "U", Token))!.AccountId);
        Assert.Equal(other.Id, (await Store.FindUserByLoginNameAsync(other.Id, "U", Token))!.AccountId);
        Assert.All(await Store.ListImageRepositoriesAsync(other.Id, RepositoryScope.Account, Token), r => Assert.Equal(other.Id, r.AccountId));
        Assert.All(await Store.ListSchemasAsync(other.Id, null, Token), s => Assert.Equal(other.Id, s.AccountId));
        Assert.All(await Store.ListAuthenticationPoliciesAsync(other.Id, Token), p => Assert.Equal(other.Id, p.AccountId));
        Assert.Null(await Store.FindSessionAsync(other.Id, acmeObjects.SessionHash, Token));
        Assert.Null(await Store.FindAccessTokenAsync(other.Id, acmeObjects.TokenHash, Token));
    }

    [Fact]
    public async Task TwoAccounts_IdsOfOneUsedWithTheOther_FindNothingAndChangeNothing()
    {
        Tenant acme = await TenantAsync("ACME");
        Tenant other = await TenantAsync("OTHER");
        Populated acmeObjects = await PopulateAsync(acme);
        RepositoryRecord repository = acmeObjects.Repository;
        UserRecord user = (await Store.FindUserAsync(acme.Id, "U", Token))!;
        RoleRecord reader = (await Store.FindRoleAsync(acme.Id, "READER", Token))!;
        AuthenticationPolicyRecord policy = Assert.Single(await Store.ListAuthenticationPoliciesAsync(acme.Id, Token));

        Assert.Null(await Store.FindImageRepositoryByIdAsync(other.Id, repository.Id, Token));
        Assert.Null(await Store.FindUserByIdAsync(other.Id, user.Id, Token));
        Assert.Null(await Store.FindAuthenticationPolicyByIdAsync(other.Id, policy.Id, Token));
        Assert.Empty(await Store.ListGrantsOnAsync(other.Id, SecurableObject.ImageRepository(repository.Id), Token));
        Assert.Empty(await Store.ListGrantsToRoleAsync(other.Id, reader.Id, Token));
        Assert.Empty(await Store.ListGrantsOfRoleAsync(other.Id, reader.Id, Token));
        Assert.Empty(await Store.ListRolesGrantedToUserAsync(other.Id, user.Id, Token));
        Assert.Empty(await Store.ListAccessTokensAsync(other.Id, user.Id, Token));
        Assert.Empty(await Store.ListFutureGrantsAsync(other.Id, repository.SchemaId!.Value, Token));
        Assert.Null(await Store.LoadUserRoleGraphAsync(other.Id, user.Id, Token));
        Assert.Empty(await Store.ListHeldPrivilegesAsync(other.Id, [reader.Id], [SecurableObject.ImageRepository(repository.Id)], Token));
        Assert.Empty(await Store.ListHeldPrivilegesOfTypesAsync(other.Id, [reader.Id], [SecurableType.ImageRepository], Token));

        Assert.Equal(DropStatus.NotFound, await Store.DropDatabaseAsync(other.Id, repository.DatabaseId!.Value, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropSchemaAsync(other.Id, repository.SchemaId.Value, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropRoleAsync(other.Id, reader.Id, other.SysAdmin, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropAuthenticationPolicyAsync(other.Id, policy.Id, Token));
        Assert.False(await Store.DropUserAsync(other.Id, user.Id, Token));
        Assert.False(await Store.SetRepositoryCommentAsync(other.Id, repository.Id, "x", Token));
        Assert.False(await Store.SetDatabaseCommentAsync(other.Id, repository.DatabaseId.Value, "x", Token));
        Assert.False(await Store.SetSchemaCommentAsync(other.Id, repository.SchemaId.Value, "x", Token));
        Assert.False(await Store.RevokeRoleFromUserAsync(other.Id, reader.Id, user.Id, Token));
        Assert.False(await Store.RemoveAccessTokenAsync(other.Id, user.Id, "PAT", Token));
        Assert.Equal(0, await Store.RevokePrivilegesAsync(other.Id, SecurableObject.ImageRepository(repository.Id), [Privilege.Read], reader.Id, false, Token));

        Populated untouched = await PopulatedStateAsync(acme, repository);
        Assert.Equal(acmeObjects, untouched);
        Assert.Equal(2, (await Store.ListGrantsOnAsync(acme.Id, SecurableObject.ImageRepository(repository.Id), Token)).Count);
        Assert.Equal(["READER"], (await Store.ListRolesGrantedToUserAsync(acme.Id, user.Id, Token)).Select(g => g.Role));
        Assert.Null((await Store.FindRepositoryAsync(acme.Id, repository.Key, Token))!.Comment);
    }

    private async Task<Populated> PopulatedStateAsync(Tenant tenant, RepositoryRecord repository)
    {
        RepositoryRecord current = (await Store.FindRepositoryAsync(tenant.Id, repository.Key, Token))!;
        UserRecord user = (await Store.FindUserAsync(tenant.Id, "U", Token))!;
        AccessTokenRecord token = Assert.Single(await Store.ListAccessTokensAsync(tenant.Id, user.Id, Token));
        string session = "session-" + tenant.Account.Name;
        Assert.NotNull(await Store.FindSessionAsync(tenant.Id, session, Token));
        return new Populated(current, "upload-" + tenant.Account.Name, token.TokenHash, session);
    }
}
