using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Execution;

namespace Floe.Sql.Tests.Execution.Infrastructure;

/// <summary>
/// Set-ups the access-control tests share, over <see cref="EngineHarness"/>: users holding a fresh role,
/// databases, schemas and repositories made through the store API (not SQL), a second account, and
/// the Authorizer's view of what a role may do.
/// </summary>
internal static class SecurityFixture
{
    private static CancellationToken None => CancellationToken.None;

    /// <summary>As ACCOUNTADMIN: a role and a user holding it; the user's session with that role as primary.</summary>
    public static async Task<SqlSession> UserWithRoleAsync(this EngineHarness harness, string user, string role)
    {
        await harness.OkAsync(harness.Admin, $"CREATE ROLE IF NOT EXISTS {role}; CREATE USER {user}; GRANT ROLE {role} TO USER {user}");
        return await harness.SessionForAsync(user, role);
    }

    /// <summary>As ACCOUNTADMIN: a user holding only PUBLIC, with PUBLIC as primary role.</summary>
    public static async Task<SqlSession> PublicUserAsync(this EngineHarness harness, string user)
    {
        await harness.OkAsync(harness.Admin, $"CREATE USER {user}");
        return await harness.SessionForAsync(user, SystemRoles.Public);
    }

    /// <summary>As ACCOUNTADMIN: a user holding a system role, that role as primary and no secondary roles.</summary>
    public static async Task<SqlSession> SystemRoleUserAsync(this EngineHarness harness, string user, string systemRole)
    {
        await harness.OkAsync(harness.Admin, $"CREATE USER {user}; GRANT ROLE {systemRole} TO USER {user}");
        return await harness.SessionForAsync(user, systemRole, secondaryRolesAll: false);
    }

    public static async Task<RoleRecord> RoleRecordAsync(this EngineHarness harness, string name, AccountRecord? account = null) =>
        await harness.Store.FindRoleAsync((account ?? harness.Account).Id, name, None)
        ?? throw new InvalidOperationException($"no role {name}");

    public static async Task<UserRecord?> UserRecordAsync(this EngineHarness harness, string name, AccountRecord? account = null) =>
        await harness.Store.FindUserAsync((account ?? harness.Account).Id, name, None);

    /// <summary>A database (with schema PUBLIC) owned by <paramref name="owner"/>, made through the store.</summary>
    public static async Task<DatabaseRecord> NewDatabaseAsync(this EngineHarness harness, string name, string owner = SystemRoles.SysAdmin)
    {
        RoleRecord role = await harness.RoleRecordAsync(owner);
        CreateResult<DatabaseRecord> created = await harness.Store.CreateDatabaseAsync(
            new NewDatabase(harness.Account.Id, name, role.Id), CreateMode.FailIfExists, None);
        return created.Value ?? throw new InvalidOperationException($"database {name}: {created.Status}");
    }

    public static async Task<SchemaRecord> SchemaRecordAsync(this EngineHarness harness, string database, string schema = "PUBLIC")
    {
        return await harness.Store.FindSchemaAsync(harness.Account.Id, database, schema, None)
            ?? throw new InvalidOperationException($"no schema {database}.{schema}");
    }

    /// <summary>A repository created through the store, which applies the schema's future grants.</summary>
    public static async Task<RepositoryRecord> NewRepositoryAsync(
        this EngineHarness harness, string database, string schema, string name, string owner = SystemRoles.SysAdmin)
    {
        SchemaRecord container = await harness.SchemaRecordAsync(database, schema);
        RoleRecord role = await harness.RoleRecordAsync(owner);
        CreateResult<RepositoryRecord> created = await harness.Store.CreateImageRepositoryAsync(
            new NewImageRepository(harness.Account.Id, container.Id, name, role.Id), CreateMode.FailIfExists, None);
        return created.Value ?? throw new InvalidOperationException($"repository {name}: {created.Status}");
    }

    /// <summary>A second, provisioned account with admin ADMIN; its ACCOUNTADMIN session.</summary>
    public static async Task<(AccountRecord Account, SqlSession Admin)> SecondAccountAsync(this EngineHarness harness, string name = "OTHER")
    {
        AccountRecord account = await harness.Store.CreateAccountAsync(new NewAccount(name, "ADMIN", null), None)
            ?? throw new InvalidOperationException($"account {name} exists");
        return (account, await harness.SessionForAsync("ADMIN", SystemRoles.AccountAdmin, account: account));
    }

    /// <summary>Whether <paramref name="role"/> (and the roles below it) holds <paramref name="privilege"/> on the object, by the Authorizer.</summary>
    public static async Task<bool> RoleHasAsync(this EngineHarness harness, string role, SecurableObject target, Privilege privilege)
    {
        RoleSet roles = await harness.RoleSetAsync(role);
        return await harness.Services.Authorizer.HasPrivilegeAsync(roles, target, [privilege], None);
    }

    /// <summary>Whether <paramref name="role"/> may grant <paramref name="privilege"/> on the object, by the Authorizer.</summary>
    public static async Task<bool> RoleCanGrantAsync(this EngineHarness harness, string role, SecurableObject target, Privilege privilege)
    {
        RoleSet roles = await harness.RoleSetAsync(role);
        return await harness.Services.Authorizer.CanGrantAsync(roles, target, privilege, None);
    }

    /// <summary>The role with the roles below it (and PUBLIC), as the Authorizer resolves a session using it alone.</summary>
    private static async Task<RoleSet> RoleSetAsync(this EngineHarness harness, string role)
    {
        string user = "PROBE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await harness.OkAsync(harness.Admin, $"CREATE USER {user}; GRANT ROLE {role} TO USER {user}");
        UserRecord record = (await harness.UserRecordAsync(user))!;
        SessionRecord session = new("", harness.Account.Id, record.Id, role, null, null, SecondaryRoles.None, default, default);
        SessionRoles roles = await harness.Services.Authorizer.ResolveSessionAsync(session, None)
            ?? throw new InvalidOperationException("probe user vanished");
        return roles.Effective;
    }

    /// <summary>SQL granting USAGE on database D and schema D.PUBLIC to a role: what operating on objects in D.PUBLIC needs.</summary>
    public static string UsageOnDPublic(string role) =>
        $"GRANT USAGE ON DATABASE d TO ROLE {role}; GRANT USAGE ON SCHEMA d.public TO ROLE {role}";

    /// <summary>The rows of a result as column-name → value maps, for readable assertions.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows(SqlStatementResult result) =>
    [
        .. result.Rows.Select(row => (IReadOnlyDictionary<string, string?>)result.Columns
            .Select((column, index) => (column.Name, Value: row[index]))
            .ToDictionary(pair => pair.Name, pair => pair.Value)),
    ];

    public static IReadOnlyList<string> ColumnNames(SqlStatementResult result) => [.. result.Columns.Select(column => column.Name)];
}
