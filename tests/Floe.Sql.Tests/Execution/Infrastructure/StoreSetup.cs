using System.Text;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Sql.Execution;

namespace Floe.Sql.Tests.Execution.Infrastructure;

/// <summary>
/// Fixtures made straight through the store: users, roles, grants and pushed manifests, so that the
/// tests of one area of the dialect do not depend on the SQL of another.
/// </summary>
public static class StoreSetup
{
    /// <summary>
    /// A person (or service) user holding <paramref name="roles"/> (created when missing, owned by
    /// USERADMIN); the session's primary role is the first of them, or PUBLIC.
    /// </summary>
    public static async Task<SqlSession> UserAsync(
        this EngineHarness harness, string user, string[] roles, UserType type = UserType.Person, AccountRecord? account = null)
    {
        account ??= harness.Account;
        long owner = await harness.RoleIdAsync(SystemRoles.UserAdmin, account);
        CreateResult<UserRecord> created = await harness.Store.CreateUserAsync(
            new NewUser(account.Id, user, owner) { Type = type }, CreateMode.FailIfExists, CancellationToken.None);
        Assert.Equal(CreateStatus.Created, created.Status);
        foreach (string role in roles)
        {
            long roleId = await harness.RoleAsync(role, account);
            Assert.Equal(
                RoleGrantStatus.Granted,
                await harness.Store.GrantRoleToUserAsync(account.Id, roleId, created.Value!.Id, null, CancellationToken.None));
        }

        return await harness.SessionForAsync(user, roles.Length > 0 ? roles[0] : SystemRoles.Public, account: account);
    }

    /// <summary>The role's id, creating it (owned by USERADMIN) when it does not exist.</summary>
    public static async Task<long> RoleAsync(this EngineHarness harness, string role, AccountRecord? account = null)
    {
        account ??= harness.Account;
        RoleRecord? existing = await harness.Store.FindRoleAsync(account.Id, role, CancellationToken.None);
        if (existing is not null)
        {
            return existing.Id;
        }

        long owner = await harness.RoleIdAsync(SystemRoles.UserAdmin, account);
        CreateResult<RoleRecord> created = await harness.Store.CreateRoleAsync(
            new NewRole(account.Id, role, owner), CreateMode.FailIfExists, CancellationToken.None);
        return created.Value!.Id;
    }

    public static async Task<long> RoleIdAsync(this EngineHarness harness, string role, AccountRecord? account = null)
    {
        account ??= harness.Account;
        RoleRecord? found = await harness.Store.FindRoleAsync(account.Id, role, CancellationToken.None);
        return found?.Id ?? throw new InvalidOperationException($"no role {role}");
    }

    /// <summary>GRANT <paramref name="privileges"/> ON <paramref name="target"/> TO ROLE <paramref name="role"/>.</summary>
    public static async Task GrantAsync(this EngineHarness harness, string role, SecurableObject target, params Privilege[] privileges)
    {
        long roleId = await harness.RoleAsync(role);
        GrantStatus status = await harness.Store.GrantPrivilegesAsync(
            new PrivilegeGrant(harness.Account.Id, target, privileges, roleId, false, null), CancellationToken.None);
        Assert.Equal(GrantStatus.Granted, status);
    }

    public static async Task<DatabaseRecord> DatabaseAsync(this EngineHarness harness, string name, AccountRecord? account = null) =>
        await harness.Store.FindDatabaseAsync((account ?? harness.Account).Id, name, CancellationToken.None)
            ?? throw new InvalidOperationException($"no database {name}");

    public static async Task<SchemaRecord> SchemaAsync(this EngineHarness harness, string database, string name) =>
        await harness.Store.FindSchemaAsync(harness.Account.Id, database, name, CancellationToken.None)
            ?? throw new InvalidOperationException($"no schema {database}.{name}");

    public static ValueTask<RepositoryRecord?> FindRepositoryAsync(this EngineHarness harness, string database, string schema, string name) =>
        harness.Store.FindRepositoryAsync(harness.Account.Id, new RepositoryKey(database, schema, name), CancellationToken.None);

    public static async Task<RepositoryRecord> RepositoryAsync(this EngineHarness harness, string database, string schema, string name) =>
        await harness.FindRepositoryAsync(database, schema, name) ?? throw new InvalidOperationException($"no repository {name}");

    /// <summary>Stores a small OCI manifest under <paramref name="image"/>, tagged or not, as a push would; returns its digest.</summary>
    public static async Task<Digest> PushAsync(this EngineHarness harness, long repositoryId, string image, string? tag, string seed = "")
    {
        byte[] body = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","annotations":{"seed":"{{{image}}}{{{tag}}}{{{seed}}}"}}""");
        Digest digest = Digest.Sha256Of(body);
        await harness.Store.PutManifestAsync(
            new ManifestWrite(repositoryId, image, digest, "application/vnd.oci.image.manifest.v1+json", null, null, body, null, tag, [], []),
            CancellationToken.None);
        return digest;
    }

    /// <summary>The <c>status</c> answer of a DDL statement.</summary>
    public static string Status(SqlStatementResult result)
    {
        Assert.Equal(["status"], result.Columns.Select(column => column.Name));
        return Assert.Single(result.Rows)[0]!;
    }
}
