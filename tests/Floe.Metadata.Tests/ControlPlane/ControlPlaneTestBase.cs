using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;

namespace Floe.Metadata.Tests.ControlPlane;

/// <summary>
/// A fresh, migrated store per test and helpers that build a provisioned account and objects in it
/// through the public contract. <see cref="CreateStore"/> supplies the backend.
/// </summary>
public abstract class ControlPlaneTestBase : StoreTestBase
{
    protected const string AdminHash = "pbkdf2-sha256$1$c2FsdA==$aGFzaA==";

    /// <summary>Creates and provisions an account; its system roles and admin user, by id.</summary>
    protected async Task<Tenant> TenantAsync(string name = "ACME", bool organization = false)
    {
        AccountRecord account = await Store.CreateAccountAsync(new NewAccount(name, "ADMIN", AdminHash) { IsOrganizationAccount = organization }, Token)
            ?? throw new InvalidOperationException($"Account {name} already exists.");
        return await TenantOfAsync(account);
    }

    protected async Task<Tenant> TenantOfAsync(AccountRecord account)
    {
        async Task<long> Role(string role) => (await Store.FindRoleAsync(account.Id, role, Token))!.Id;
        RoleRecord? orgAdmin = await Store.FindRoleAsync(account.Id, SystemRoles.OrgAdmin, Token);
        UserRecord admin = (await Store.FindUserAsync(account.Id, "ADMIN", Token))!;
        return new Tenant(
            account,
            await Role(SystemRoles.AccountAdmin),
            await Role(SystemRoles.SecurityAdmin),
            await Role(SystemRoles.UserAdmin),
            await Role(SystemRoles.SysAdmin),
            await Role(SystemRoles.Public),
            orgAdmin?.Id,
            admin.Id);
    }

    protected async Task<RoleRecord> RoleAsync(Tenant tenant, string name, long? ownerRoleId = null) =>
        Created(await Store.CreateRoleAsync(new NewRole(tenant.Id, name, ownerRoleId ?? tenant.UserAdmin), CreateMode.FailIfExists, Token));

    protected async Task<UserRecord> UserAsync(Tenant tenant, string name, UserType type = UserType.Person) =>
        Created(await Store.CreateUserAsync(new NewUser(tenant.Id, name, tenant.UserAdmin) { Type = type }, CreateMode.FailIfExists, Token));

    protected async Task<DatabaseRecord> DatabaseAsync(Tenant tenant, string name = "DB", long? ownerRoleId = null) =>
        Created(await Store.CreateDatabaseAsync(new NewDatabase(tenant.Id, name, ownerRoleId ?? tenant.SysAdmin), CreateMode.FailIfExists, Token));

    protected async Task<SchemaRecord> SchemaAsync(Tenant tenant, DatabaseRecord database, string name, long? ownerRoleId = null) =>
        Created(await Store.CreateSchemaAsync(new NewSchema(tenant.Id, database.Id, name, ownerRoleId ?? tenant.SysAdmin), CreateMode.FailIfExists, Token));

    /// <summary>The PUBLIC schema every database gets.</summary>
    protected async Task<SchemaRecord> PublicSchemaAsync(Tenant tenant, DatabaseRecord database) =>
        (await Store.FindSchemaAsync(tenant.Id, database.Name, DefaultSchema.Name, Token))!;

    protected async Task<RepositoryRecord> ImageRepositoryAsync(Tenant tenant, SchemaRecord schema, string name = "REPO", long? ownerRoleId = null) =>
        Created(await Store.CreateImageRepositoryAsync(
            new NewImageRepository(tenant.Id, schema.Id, name, ownerRoleId ?? tenant.SysAdmin), CreateMode.FailIfExists, Token));

    /// <summary>Database DB, its schema PUBLIC and repository REPO, all owned by SYSADMIN.</summary>
    protected async Task<(DatabaseRecord Database, SchemaRecord Schema, RepositoryRecord Repository)> RepositoryTreeAsync(Tenant tenant)
    {
        DatabaseRecord database = await DatabaseAsync(tenant);
        SchemaRecord schema = await PublicSchemaAsync(tenant, database);
        return (database, schema, await ImageRepositoryAsync(tenant, schema));
    }

    protected async Task GrantAsync(Tenant tenant, SecurableObject target, long roleId, params Privilege[] privileges) =>
        Assert.Equal(GrantStatus.Granted, await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(tenant.Id, target, privileges, roleId, WithGrantOption: false, GrantedByRoleId: tenant.SecurityAdmin), Token));

    protected async Task GrantRoleAsync(Tenant tenant, long roleId, long userId) =>
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToUserAsync(tenant.Id, roleId, userId, tenant.SecurityAdmin, Token));

    protected async Task<ManifestWrite> PushAsync(RepositoryRecord repository, string image = "app", string tag = "latest")
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"marker":"{{repository.Id}}-{{image}}-{{tag}}"}""");
        ManifestWrite manifest = new(repository.Id, image, Core.Content.Digest.Sha256Of(body), Core.Content.MediaTypes.OciManifest,
            null, null, body, null, tag, [], []);
        await Store.PutManifestAsync(manifest, Token);
        return manifest;
    }

    /// <summary>One of everything in the account: repository with an image and an upload, role, user, grants, token, session, policy.</summary>
    protected async Task<Populated> PopulateAsync(Tenant tenant)
    {
        (_, SchemaRecord schema, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        await PushAsync(repository);
        await Store.LinkBlobAsync(repository.Id, Core.Content.Digest.Sha256Of("layer"u8), 5, Token);
        string uploadId = "upload-" + tenant.Account.Name;
        await Store.CreateUploadAsync(new UploadRecord(uploadId, repository.Id, "app", "U", Start, Start), Token);
        RoleRecord reader = await RoleAsync(tenant, "READER");
        UserRecord user = await UserAsync(tenant, "U");
        await GrantRoleAsync(tenant, reader.Id, user.Id);
        await GrantAsync(tenant, SecurableObject.ImageRepository(repository.Id), reader.Id, Privilege.Read);
        await Store.GrantFuturePrivilegesAsync(
            new FuturePrivilegeGrant(tenant.Id, schema.Id, SecurableType.ImageRepository, [Privilege.Read], reader.Id, false, tenant.SysAdmin), Token);
        AuthenticationPolicyRecord policy = Created(await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "POLICY", AuthenticationMethods.All, tenant.SecurityAdmin), CreateMode.FailIfExists, Token));
        await Store.SetUserAuthenticationPolicyAsync(tenant.Id, user.Id, policy.Id, Token);
        await Store.CreateSecurityIntegrationAsync(new NewSecurityIntegration(
            tenant.Id, "IDP", new ExternalOAuthSettings { Issuer = "https://idp.example/", JwsKeysUrl = "https://idp.example/jwks", UserMappingClaims = ["sub"] }),
            CreateMode.FailIfExists, Token);
        string tokenHash = "token-" + tenant.Account.Name;
        Created(await Store.AddAccessTokenAsync(new NewAccessToken(tenant.Id, user.Id, "PAT", tokenHash, reader.Id, Start.AddDays(1)), Token));
        string sessionHash = "session-" + tenant.Account.Name;
        Assert.True(await Store.CreateSessionAsync(
            new SessionRecord(sessionHash, tenant.Id, user.Id, "READER", "DB", "PUBLIC", SecondaryRoles.All, Start, Start.AddHours(1)), Token));
        return new Populated(repository, uploadId, tokenHash, sessionHash);
    }

    protected sealed record Populated(RepositoryRecord Repository, string UploadId, string TokenHash, string SessionHash);

    protected static T Created<T>(CreateResult<T> result)
        where T : class
    {
        Assert.Equal(CreateStatus.Created, result.Status);
        return result.Value!;
    }

    protected static RepositoryKey Key(string database, string schema, string repository) => new(database, schema, repository);
}

/// <summary>A provisioned account with the ids of its system roles and admin user.</summary>
public sealed record Tenant(
    AccountRecord Account, long AccountAdmin, long SecurityAdmin, long UserAdmin, long SysAdmin, long Public, long? OrgAdmin, long AdminUserId)
{
    public long Id => Account.Id;
}
