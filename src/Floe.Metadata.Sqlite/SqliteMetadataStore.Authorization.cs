using System.Globalization;
using System.Text;
using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>The authorizer's two reads: a user's role graph (one recursive query) and a role set's privileges.</summary>
public sealed partial class SqliteMetadataStore
{
    internal static readonly SqlStatement FindUserStateSql = new(
        "SELECT type, disabled FROM users WHERE id = $user_id AND account_id = $account_id");

    // Every role reachable from the user's roles and from PUBLIC, one row per (role, child) edge.
    internal static readonly SqlStatement UserRoleGraphSql = new("""
        WITH RECURSIVE reach (id) AS (
            SELECT role_id FROM user_roles WHERE user_id = $user_id
            UNION
            SELECT id FROM roles WHERE account_id = $account_id AND name = $public
            UNION
            SELECT e.child_role_id FROM role_edges e JOIN reach ON e.parent_role_id = reach.id)
        SELECT r.id, r.name, e.child_role_id, EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = $user_id AND ur.role_id = r.id)
        FROM reach
        CROSS JOIN roles r ON r.id = reach.id
        LEFT JOIN role_edges e ON e.parent_role_id = r.id
        WHERE +r.account_id = $account_id
        """);

    // Role ids and targets arrive as JSON arrays, so one compiled statement serves any number of them.
    // CROSS JOIN keeps the arrays driving (SQLite does not reorder it) and "+" keeps the planner off the
    // account-wide index: each target is one seek of (object_type, object_id) in the unique index.
    internal static readonly SqlStatement HeldPrivilegesSql = new("""
        SELECT g.object_type, g.object_id, g.privilege, g.grant_option, g.grantee_role_id
        FROM json_each($targets) t
        CROSS JOIN grants g ON g.object_type = json_extract(t.value, '$[0]') AND g.object_id = json_extract(t.value, '$[1]')
        WHERE g.grantee_role_id IN (SELECT value FROM json_each($role_ids))
          AND +g.account_id = $account_id
        """);

    // One seek of (grantee_role_id, object_type) per role and type.
    internal static readonly SqlStatement HeldPrivilegesOfTypesSql = new("""
        SELECT g.object_type, g.object_id, g.privilege, g.grant_option, g.grantee_role_id
        FROM json_each($role_ids) r
        CROSS JOIN grants g ON g.grantee_role_id = r.value
        WHERE g.object_type IN (SELECT value FROM json_each($types))
          AND +g.account_id = $account_id
        """);

    internal static readonly SqlStatement SecurityVersionSql = new("SELECT version FROM security_version WHERE id = 1");

    /// <summary>Read on every authorized registry request, so through SQLite's own API (<see cref="PositionalStatement"/>).</summary>
    public async ValueTask<long> ReadSecurityVersionAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return lease.Connection.Positional(SecurityVersionSql).ReadInt64();
    }

    public ValueTask<UserRoleGraph?> LoadUserRoleGraphAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            UserState? user = await connection.Command(FindUserStateSql)
                .With("$user_id", userId)
                .With("$account_id", accountId)
                .ReadFirstAsync(reader => new UserState(reader.GetString(0) == "SERVICE" ? UserType.Service : UserType.Person, reader.GetFlag(1)), cancellationToken);
            if (user is null)
            {
                return null;
            }

            IReadOnlyList<(long Id, string Name, long? Child, bool Direct)> rows = await connection.Command(UserRoleGraphSql)
                .With("$user_id", userId)
                .With("$account_id", accountId)
                .With("$public", SystemRoles.Public)
                .ReadAllAsync(reader => (reader.GetInt64(0), reader.GetString(1), reader.GetNullableInt64(2), reader.GetFlag(3)), cancellationToken);
            return ToGraph(accountId, userId, user.Type, user.Disabled, rows);
        }, cancellationToken);

    public ValueTask<IReadOnlyList<HeldPrivilege>> ListHeldPrivilegesAsync(
        long accountId, IReadOnlyCollection<long> roleIds, IReadOnlyCollection<SecurableObject> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roleIds);
        ArgumentNullException.ThrowIfNull(targets);
        if (roleIds.Count == 0 || targets.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<HeldPrivilege>>([]);
        }

        return ReadAsync(connection => connection.Command(HeldPrivilegesSql)
            .With("$account_id", accountId)
            .With("$role_ids", JsonArray(roleIds))
            .With("$targets", JsonTargets(targets))
            .ReadAllAsync(ToHeldPrivilege, cancellationToken), cancellationToken);
    }

    public ValueTask<IReadOnlyList<HeldPrivilege>> ListHeldPrivilegesOfTypesAsync(
        long accountId, IReadOnlyCollection<long> roleIds, IReadOnlyCollection<SecurableType> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roleIds);
        ArgumentNullException.ThrowIfNull(types);
        if (roleIds.Count == 0 || types.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<HeldPrivilege>>([]);
        }

        return ReadAsync(connection => connection.Command(HeldPrivilegesOfTypesSql)
            .With("$account_id", accountId)
            .With("$role_ids", JsonArray(roleIds))
            .With("$types", "[" + string.Join(',', types.Select(type => "\"" + type.ToSql() + "\"")) + "]")
            .ReadAllAsync(ToHeldPrivilege, cancellationToken), cancellationToken);
    }

    private static UserRoleGraph ToGraph(
        long accountId, long userId, UserType type, bool disabled, IReadOnlyList<(long Id, string Name, long? Child, bool Direct)> rows)
    {
        Dictionary<long, RoleNode> roles = rows
            .GroupBy(row => (row.Id, row.Name))
            .ToDictionary(
                group => group.Key.Id,
                group => new RoleNode(group.Key.Id, group.Key.Name, [.. group.Where(row => row.Child is not null).Select(row => row.Child!.Value)]));
        long[] direct = [.. rows.Where(row => row.Direct).Select(row => row.Id).Distinct()];
        return new UserRoleGraph(accountId, userId, type, disabled, direct, roles);
    }

    private static string JsonArray(IEnumerable<long> ids) =>
        "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary><c>[["DATABASE",5],...]</c>: the type names are the store's own constants, nothing needs escaping.</summary>
    private static string JsonTargets(IEnumerable<SecurableObject> targets)
    {
        StringBuilder json = new("[");
        foreach (SecurableObject target in targets)
        {
            json.Append(json.Length > 1 ? "," : string.Empty)
                .Append(CultureInfo.InvariantCulture, $"[\"{target.Type.ToSql()}\",{target.Id}]");
        }

        return json.Append(']').ToString();
    }

    private sealed record UserState(UserType Type, bool Disabled);

    private static HeldPrivilege ToHeldPrivilege(SqliteDataReader reader) => new(
        Object: new SecurableObject(SecurableTypes.Parse(reader.GetString(0)), reader.GetInt64(1)),
        Privilege: Privileges.Parse(reader.GetString(2)),
        GrantOption: reader.GetFlag(3),
        RoleId: reader.GetInt64(4));
}
