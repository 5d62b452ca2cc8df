using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>The role hierarchy and the roles of users.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement InsertRoleEdgeSql = new("""
        INSERT INTO role_edges (parent_role_id, child_role_id, granted_by_role_id, created_on)
        VALUES ($parent_role_id, $child_role_id, $granted_by_role_id, $created_on)
        ON CONFLICT DO NOTHING
        """);

    internal static readonly SqlStatement InsertUserRoleSql = new("""
        INSERT INTO user_roles (user_id, role_id, granted_by_role_id, created_on)
        VALUES ($user_id, $role_id, $granted_by_role_id, $created_on)
        ON CONFLICT DO NOTHING
        """);

    // The parent is the role itself or below it: granting would close a cycle.
    internal static readonly SqlStatement WouldCycleSql = new("""
        WITH RECURSIVE below (id) AS (
            SELECT $role_id
            UNION
            SELECT e.child_role_id FROM role_edges e JOIN below b ON e.parent_role_id = b.id)
        SELECT EXISTS (SELECT 1 FROM below WHERE id = $parent_role_id)
        """);

    internal static readonly SqlStatement UserInAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $id AND account_id = $account_id)");

    internal static readonly SqlStatement DeleteRoleEdgeSql = new("""
        DELETE FROM role_edges
        WHERE parent_role_id = $parent_role_id AND child_role_id = $child_role_id
          AND EXISTS (SELECT 1 FROM roles WHERE id = $child_role_id AND account_id = $account_id)
        """);

    internal static readonly SqlStatement DeleteUserRoleSql = new("""
        DELETE FROM user_roles
        WHERE user_id = $user_id AND role_id = $role_id
          AND EXISTS (SELECT 1 FROM roles WHERE id = $role_id AND account_id = $account_id)
        """);

    private const string EdgeSelect = """
        SELECT e.created_on, c.id, c.name, 'ROLE', p.id, p.name, gb.name
        FROM role_edges e
        JOIN roles c ON c.id = e.child_role_id
        JOIN roles p ON p.id = e.parent_role_id
        LEFT JOIN roles gb ON gb.id = e.granted_by_role_id
        """;

    private const string UserRoleSelect = """
        SELECT ur.created_on, r.id, r.name, 'USER', u.id, u.name, gb.name
        FROM user_roles ur
        JOIN roles r ON r.id = ur.role_id
        JOIN users u ON u.id = ur.user_id
        LEFT JOIN roles gb ON gb.id = ur.granted_by_role_id
        """;

    internal static readonly SqlStatement ListGrantsOfRoleSql = new($"""
        {EdgeSelect} WHERE e.child_role_id = $role_id AND c.account_id = $account_id
        UNION ALL
        {UserRoleSelect} WHERE ur.role_id = $role_id AND r.account_id = $account_id
        ORDER BY 4, 6
        """);

    internal static readonly SqlStatement ListRolesGrantedToRoleSql = new(
        $"{EdgeSelect} WHERE e.parent_role_id = $role_id AND p.account_id = $account_id ORDER BY c.name");

    internal static readonly SqlStatement ListRolesGrantedToUserSql = new(
        $"{UserRoleSelect} WHERE ur.user_id = $user_id AND u.account_id = $account_id ORDER BY r.name");

    public ValueTask<RoleGrantStatus> GrantRoleToRoleAsync(
        long accountId, long roleId, long parentRoleId, long? grantedByRoleId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, now) =>
        {
            bool parentInAccount = await RoleInAccountAsync(connection, accountId, parentRoleId, cancellationToken);
            if (await RefuseRoleGrantAsync(connection, accountId, roleId, parentInAccount, grantedByRoleId, cancellationToken) is { } refused)
            {
                return refused;
            }

            bool cycle = await connection.Command(WouldCycleSql)
                .With("$role_id", roleId)
                .With("$parent_role_id", parentRoleId)
                .ReadFlagAsync(cancellationToken);
            if (cycle)
            {
                return RoleGrantStatus.Cycle;
            }

            bool inserted = await InsertRoleEdgeAsync(connection, parentRoleId, roleId, grantedByRoleId, now, cancellationToken);
            return inserted ? RoleGrantStatus.Granted : RoleGrantStatus.AlreadyGranted;
        }, cancellationToken);

    public ValueTask<RoleGrantStatus> GrantRoleToUserAsync(
        long accountId, long roleId, long userId, long? grantedByRoleId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, now) =>
        {
            bool userInAccount = await UserInAccountAsync(connection, accountId, userId, cancellationToken);
            if (await RefuseRoleGrantAsync(connection, accountId, roleId, userInAccount, grantedByRoleId, cancellationToken) is { } refused)
            {
                return refused;
            }

            bool inserted = await InsertUserRoleAsync(connection, userId, roleId, grantedByRoleId, now, cancellationToken);
            return inserted ? RoleGrantStatus.Granted : RoleGrantStatus.AlreadyGranted;
        }, cancellationToken);

    /// <summary>
    /// What both role grants check first: the role, the grantee and the granting role must be the
    /// account's (else <see cref="RoleGrantStatus.NotFound"/>), and PUBLIC is everyone's already
    /// (<see cref="RoleGrantStatus.AlreadyGranted"/>); <c>null</c> when the grant may go ahead.
    /// </summary>
    private static async Task<RoleGrantStatus?> RefuseRoleGrantAsync(
        PooledConnection connection, long accountId, long roleId, bool granteeInAccount, long? grantedByRoleId, CancellationToken cancellationToken)
    {
        RoleRecord? role = await FindRoleByIdAsync(connection, accountId, roleId, cancellationToken);
        if (role is null || !granteeInAccount || !await GrantorInAccountAsync(connection, accountId, grantedByRoleId, cancellationToken))
        {
            return RoleGrantStatus.NotFound;
        }

        return role.Name == SystemRoles.Public ? RoleGrantStatus.AlreadyGranted : null;
    }

    public ValueTask<bool> RevokeRoleFromRoleAsync(long accountId, long roleId, long parentRoleId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteRoleEdgeSql)
            .With("$account_id", accountId)
            .With("$parent_role_id", parentRoleId)
            .With("$child_role_id", roleId)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public ValueTask<bool> RevokeRoleFromUserAsync(long accountId, long roleId, long userId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteUserRoleSql)
            .With("$account_id", accountId)
            .With("$user_id", userId)
            .With("$role_id", roleId)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public ValueTask<IReadOnlyList<RoleGrantRecord>> ListGrantsOfRoleAsync(long accountId, long roleId, CancellationToken cancellationToken) =>
        ListRoleGrantsAsync(ListGrantsOfRoleSql, accountId, "$role_id", roleId, cancellationToken);

    public ValueTask<IReadOnlyList<RoleGrantRecord>> ListRolesGrantedToRoleAsync(long accountId, long roleId, CancellationToken cancellationToken) =>
        ListRoleGrantsAsync(ListRolesGrantedToRoleSql, accountId, "$role_id", roleId, cancellationToken);

    public ValueTask<IReadOnlyList<RoleGrantRecord>> ListRolesGrantedToUserAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        ListRoleGrantsAsync(ListRolesGrantedToUserSql, accountId, "$user_id", userId, cancellationToken);

    private ValueTask<IReadOnlyList<RoleGrantRecord>> ListRoleGrantsAsync(
        SqlStatement statement, long accountId, string idParameter, long id, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(statement)
            .With("$account_id", accountId)
            .With(idParameter, id)
            .ReadAllAsync(ToRoleGrant, cancellationToken), cancellationToken);

    private static ValueTask<bool> UserInAccountAsync(PooledConnection connection, long accountId, long userId, CancellationToken cancellationToken) =>
        connection.Command(UserInAccountSql)
            .With("$id", userId)
            .With("$account_id", accountId)
            .ReadFlagAsync(cancellationToken);

    /// <summary><c>false</c> when the edge already existed.</summary>
    private static async ValueTask<bool> InsertRoleEdgeAsync(
        PooledConnection connection, long parentRoleId, long childRoleId, long? grantedByRoleId, long now, CancellationToken cancellationToken) =>
        await connection.Command(InsertRoleEdgeSql)
            .With("$parent_role_id", parentRoleId)
            .With("$child_role_id", childRoleId)
            .With("$granted_by_role_id", grantedByRoleId)
            .With("$created_on", now)
            .ExecuteNonQueryAsync(cancellationToken) == 1;

    private static async ValueTask<bool> InsertUserRoleAsync(
        PooledConnection connection, long userId, long roleId, long? grantedByRoleId, long now, CancellationToken cancellationToken) =>
        await connection.Command(InsertUserRoleSql)
            .With("$user_id", userId)
            .With("$role_id", roleId)
            .With("$granted_by_role_id", grantedByRoleId)
            .With("$created_on", now)
            .ExecuteNonQueryAsync(cancellationToken) == 1;

    private static RoleGrantRecord ToRoleGrant(NpgsqlDataReader reader) => new(
        CreatedOn: reader.GetTimestamp(0),
        RoleId: reader.GetInt64(1),
        Role: reader.GetString(2),
        GranteeKind: reader.GetString(3) == "ROLE" ? GranteeKind.Role : GranteeKind.User,
        GranteeId: reader.GetInt64(4),
        GranteeName: reader.GetString(5),
        GrantedBy: reader.GetNullableString(6));
}
