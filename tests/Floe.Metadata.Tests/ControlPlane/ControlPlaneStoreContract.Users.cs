using System.Security.Cryptography;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateUserAsync_EveryProperty_RoundTrips()
    {
        Tenant tenant = await TenantAsync();
        RsaPublicKey key = NewRsaKey();
        NewUser user = new(tenant.Id, "SVC", tenant.UserAdmin)
        {
            LoginName = "SVC_LOGIN",
            PasswordHash = "hash",
            Type = UserType.Service,
            DefaultRole = "PUBLIC",
            RsaPublicKey = key,
            Disabled = true,
            Comment = "builds",
            Email = "Builds@Example.com",
        };

        CreateResult<UserRecord> result = await Store.CreateUserAsync(user, CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        Assert.Equal(
            new UserRecord
            {
                Id = result.Value!.Id, AccountId = tenant.Id, Name = "SVC", LoginName = "SVC_LOGIN", CreatedOn = Start, PasswordHash = "hash",
                Type = UserType.Service, DefaultRole = "PUBLIC", RsaPublicKey = key, Disabled = true, Comment = "builds", Owner = "USERADMIN",
                Email = "Builds@Example.com",
            },
            result.Value);
        Assert.Equal(result.Value, await Store.FindUserByLoginNameAsync(tenant.Id, "SVC_LOGIN", Token));
        Assert.Equal(result.Value, await Store.FindUserAsync(tenant.Id, "SVC", Token));
    }

    [Fact]
    public async Task CreateUserAsync_NoLoginName_LoginNameIsTheName()
    {
        Tenant tenant = await TenantAsync();

        UserRecord user = await UserAsync(tenant, "ALICE");

        Assert.Equal(("ALICE", null, UserType.Person, false), (user.LoginName, user.PasswordHash, user.Type, user.Disabled));
        Assert.Equal(user, await Store.FindUserByLoginNameAsync(tenant.Id, "ALICE", Token));
    }

    [Fact]
    public async Task CreateUserAsync_LoginNameOfAnotherUser_ReturnsConflict()
    {
        Tenant tenant = await TenantAsync();
        await UserAsync(tenant, "ALICE");

        CreateResult<UserRecord> result = await Store.CreateUserAsync(new NewUser(tenant.Id, "BOB", tenant.UserAdmin) { LoginName = "ALICE" }, CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Conflict, result.Status);
        Assert.Null(await Store.FindUserAsync(tenant.Id, "BOB", Token));
    }

    [Fact]
    public async Task CreateUserAsync_ExistingName_ReturnsAlreadyExists()
    {
        Tenant tenant = await TenantAsync();
        UserRecord existing = await UserAsync(tenant, "ALICE");

        CreateResult<UserRecord> result = await Store.CreateUserAsync(new NewUser(tenant.Id, "ALICE", tenant.AccountAdmin), CreateMode.FailIfExists, Token);

        Assert.Equal(new CreateResult<UserRecord>(CreateStatus.AlreadyExists, existing), result);
    }

    [Fact]
    public async Task CreateUserAsync_OrReplace_NewUserWithoutTheOldRolesSessionsAndTokens()
    {
        Tenant tenant = await TenantAsync();
        UserRecord old = await UserAsync(tenant, "ALICE");
        await GrantRoleAsync(tenant, tenant.SysAdmin, old.Id);
        await Store.CreateSessionAsync(new SessionRecord("s1", tenant.Id, old.Id, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);
        await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, old.Id, "PAT", "t1", null, Start.AddDays(1)), Token);

        CreateResult<UserRecord> result = await Store.CreateUserAsync(new NewUser(tenant.Id, "ALICE", tenant.UserAdmin) { Comment = "new" }, CreateMode.OrReplace, Token);

        Assert.Equal(CreateStatus.Replaced, result.Status);
        Assert.NotEqual(old.Id, result.Value!.Id);
        Assert.Equal("new", result.Value.Comment);
        Assert.Empty(await Store.ListRolesGrantedToUserAsync(tenant.Id, result.Value.Id, Token));
        Assert.Null(await Store.FindSessionAsync(tenant.Id, "s1", Token));
        Assert.Null(await Store.FindAccessTokenAsync(tenant.Id, "t1", Token));
    }

    [Fact]
    public async Task AlterUserAsync_SetSomeProperties_ChangesOnlyThose()
    {
        Tenant tenant = await TenantAsync();
        UserRecord user = Created(await Store.CreateUserAsync(
            new NewUser(tenant.Id, "ALICE", tenant.UserAdmin) { Comment = "kept", DefaultRole = "SYSADMIN", PasswordHash = "old" }, CreateMode.FailIfExists, Token));
        RsaPublicKey key = NewRsaKey();

        AlterStatus status = await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges
        {
            PasswordHash = Change.To<string?>("new"),
            Type = Change.To(UserType.Service),
            RsaPublicKey = Change.To<RsaPublicKey?>(key),
            LoginName = Change.To("ALICE_LOGIN"),
        }, Token);

        Assert.Equal(AlterStatus.Altered, status);
        Assert.Equal(
            user with { PasswordHash = "new", Type = UserType.Service, RsaPublicKey = key, LoginName = "ALICE_LOGIN" },
            await Store.FindUserByIdAsync(tenant.Id, user.Id, Token));
    }

    [Fact]
    public async Task AlterUserAsync_UnsetProperties_RestoresTheDefaults()
    {
        Tenant tenant = await TenantAsync();
        UserRecord user = Created(await Store.CreateUserAsync(new NewUser(tenant.Id, "ALICE", tenant.UserAdmin)
        {
            LoginName = "AL", Comment = "c", DefaultRole = "R", PasswordHash = "p", RsaPublicKey = NewRsaKey(), Type = UserType.Service,
            Email = "al@example.com",
        }, CreateMode.FailIfExists, Token));

        await Store.AlterUserAsync(tenant.Id, user.Id, new UserChanges
        {
            LoginName = Change.To("ALICE"),
            Comment = Change.To<string?>(null),
            DefaultRole = Change.To<string?>(null),
            PasswordHash = Change.To<string?>(null),
            RsaPublicKey = Change.To<RsaPublicKey?>(null),
            Type = Change.To(UserType.Person),
            Email = Change.To<string?>(null),
        }, Token);

        Assert.Equal(
            user with { LoginName = "ALICE", Comment = null, DefaultRole = null, PasswordHash = null, RsaPublicKey = null, Type = UserType.Person, Email = null },
            await Store.FindUserByIdAsync(tenant.Id, user.Id, Token));
    }

    [Fact]
    public async Task AlterUserAsync_LoginNameOfAnotherUser_ReturnsConflictAndChangesNothing()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");

        AlterStatus status = await Store.AlterUserAsync(tenant.Id, alice.Id, new UserChanges { LoginName = Change.To("ADMIN"), Comment = Change.To<string?>("x") }, Token);

        Assert.Equal(AlterStatus.Conflict, status);
        Assert.Equal(alice, await Store.FindUserByIdAsync(tenant.Id, alice.Id, Token));
    }

    [Fact]
    public async Task AlterUserAsync_Disable_EndsTheUsersSessions()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        await Store.CreateSessionAsync(new SessionRecord("s1", tenant.Id, alice.Id, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);
        await Store.CreateSessionAsync(new SessionRecord("s2", tenant.Id, tenant.AdminUserId, null, null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);

        await Store.AlterUserAsync(tenant.Id, alice.Id, new UserChanges { Disabled = Change.To(true) }, Token);

        Assert.True((await Store.FindUserByIdAsync(tenant.Id, alice.Id, Token))!.Disabled);
        Assert.Null(await Store.FindSessionAsync(tenant.Id, "s1", Token));
        Assert.NotNull(await Store.FindSessionAsync(tenant.Id, "s2", Token));
    }

    [Fact]
    public async Task AlterUserAsync_UserOfAnotherAccount_ReturnsNotFound()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");

        AlterStatus status = await Store.AlterUserAsync(tenant.Id, other.AdminUserId, new UserChanges { Comment = Change.To<string?>("hijacked") }, Token);

        Assert.Equal(AlterStatus.NotFound, status);
        Assert.Null((await Store.FindUserByIdAsync(other.Id, other.AdminUserId, Token))!.Comment);
    }

    [Fact]
    public async Task DropUserAsync_UserWithRolesSessionsAndTokens_RemovesThemAll()
    {
        Tenant tenant = await TenantAsync();
        UserRecord alice = await UserAsync(tenant, "ALICE");
        await GrantRoleAsync(tenant, tenant.SysAdmin, alice.Id);
        await Store.CreateSessionAsync(new SessionRecord("s1", tenant.Id, alice.Id, "SYSADMIN", null, null, SecondaryRoles.All, Start, Start.AddHours(1)), Token);
        await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, alice.Id, "PAT", "t1", tenant.SysAdmin, Start.AddDays(1)), Token);

        Assert.True(await Store.DropUserAsync(tenant.Id, alice.Id, Token));

        Assert.Null(await Store.FindUserAsync(tenant.Id, "ALICE", Token));
        Assert.Equal(["ACCOUNTADMIN"], (await Store.ListGrantsOfRoleAsync(tenant.Id, tenant.SysAdmin, Token)).Select(g => g.GranteeName));
        Assert.Null(await Store.FindSessionAsync(tenant.Id, "s1", Token));
        Assert.Null(await Store.FindAccessTokenAsync(tenant.Id, "t1", Token));
        Assert.Empty(await Store.ListAccessTokensAsync(tenant.Id, alice.Id, Token));
        Assert.False(await Store.DropUserAsync(tenant.Id, alice.Id, Token));
    }

    [Fact]
    public async Task ListUsersAsync_SeveralUsers_OrderedByName()
    {
        Tenant tenant = await TenantAsync();
        await UserAsync(tenant, "ZED");
        await UserAsync(tenant, "BOB", UserType.Service);

        IReadOnlyList<UserRecord> users = await Store.ListUsersAsync(tenant.Id, Token);

        Assert.Equal([("ADMIN", UserType.Person), ("BOB", UserType.Service), ("ZED", UserType.Person)], users.Select(u => (u.Name, u.Type)));
    }

    private static RsaPublicKey NewRsaKey()
    {
        using RSA rsa = RSA.Create(2048);
        Assert.True(RsaPublicKey.TryParse(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), out RsaPublicKey? key));
        return key!;
    }
}
