using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    private const string RoleSelect = """
        SELECT r.id, r.account_id, r.name, r.created_on, ow.name, r.comment, r.is_system,
               (SELECT count(*) FROM role_edges e WHERE e.child_role_id = r.id),
               (SELECT count(*) FROM role_edges e WHERE e.parent_role_id = r.id),
               (SELECT count(*) FROM user_roles ur WHERE ur.role_id = r.id)
        FROM roles r
        LEFT JOIN grants og ON og.object_type = 'ROLE' AND og.object_id = r.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement FindRoleSql = new($"{RoleSelect} WHERE r.account_id = $account_id AND r.name = $name");

    internal static readonly SqlStatement FindRoleByIdSql = new($"{RoleSelect} WHERE r.account_id = $account_id AND r.id = $id");

    internal static readonly SqlStatement ListRolesSql = new($"{RoleSelect} WHERE r.account_id = $account_id ORDER BY r.name");

    internal static readonly SqlStatement InsertRoleSql = new("""
        INSERT INTO roles (account_id, name, comment, is_system, created_on)
        VALUES ($account_id, $name, $comment, $is_system, $created_on)
        RETURNING id
        """);

    internal static readonly SqlStatement TransferOwnedSql = new(
        "UPDATE grants SET grantee_role_id = $new_owner WHERE grantee_role_id = $role_id AND privilege = 'OWNERSHIP'");

    internal static readonly SqlStatement DeleteRoleSql = new("DELETE FROM roles WHERE id = $id");

    public ValueTask<CreateResult<RoleRecord>> CreateRoleAsync(NewRole role, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        return WriteAsync(async (connection, now) =>
        {
            RoleRecord? existing = await FindRoleAsync(connection, role.AccountId, role.Name, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<RoleRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (existing is not null && existing.IsSystem)
            {
                return CreateResult<RoleRecord>.Failed(CreateStatus.Protected);
            }

            if (existing?.Id == role.OwnerRoleId || !await RoleInAccountAsync(connection, role.AccountId, role.OwnerRoleId, cancellationToken))
            {
                return CreateResult<RoleRecord>.Failed(CreateStatus.NotFound);
            }

            if (existing is not null)
            {
                await DeleteRoleAsync(connection, existing.Id, role.OwnerRoleId, cancellationToken);
            }

            long id = await InsertRoleAsync(connection, role.AccountId, role.Name, role.Comment, isSystem: false, now, cancellationToken);
            await InsertOwnershipAsync(connection, role.AccountId, SecurableObject.Role(id), role.OwnerRoleId, now, cancellationToken);
            RoleRecord created = await FindRoleByIdAsync(connection, role.AccountId, id, cancellationToken)
                ?? throw new InvalidOperationException($"Role {id} vanished inside its transaction.");
            return new CreateResult<RoleRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<RoleRecord?> FindRoleAsync(long accountId, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindRoleAsync(connection, accountId, name, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<RoleRecord>> ListRolesAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListRolesSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToRole, cancellationToken), cancellationToken);

    public ValueTask<DropStatus> DropRoleAsync(long accountId, long roleId, long newOwnerRoleId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            RoleRecord? role = await FindRoleByIdAsync(connection, accountId, roleId, cancellationToken);
            DropStatus status = role switch
            {
                null => DropStatus.NotFound,
                { IsSystem: true } => DropStatus.Protected,
                _ when roleId == newOwnerRoleId => DropStatus.InUse,
                _ when !await RoleInAccountAsync(connection, accountId, newOwnerRoleId, cancellationToken) => DropStatus.NotFound,
                _ => DropStatus.Dropped,
            };
            if (status == DropStatus.Dropped)
            {
                await DeleteRoleAsync(connection, roleId, newOwnerRoleId, cancellationToken);
            }

            return status;
        }, cancellationToken);

    /// <summary>Moves what the role owns to <paramref name="newOwnerRoleId"/>, then deletes it: no object is ever left without an owner.</summary>
    private static async ValueTask DeleteRoleAsync(PooledConnection connection, long roleId, long newOwnerRoleId, CancellationToken cancellationToken)
    {
        await connection.Command(TransferOwnedSql)
            .With("$role_id", roleId)
            .With("$new_owner", newOwnerRoleId)
            .ExecuteNonQueryAsync(cancellationToken);
        await connection.Command(DeleteRoleSql).With("$id", roleId).ExecuteNonQueryAsync(cancellationToken);
    }

    private static async ValueTask<long> InsertRoleAsync(
        PooledConnection connection, long accountId, string name, string? comment, bool isSystem, long now, CancellationToken cancellationToken) =>
        await connection.Command(InsertRoleSql)
            .With("$account_id", accountId)
            .With("$name", name)
            .With("$comment", comment)
            .With("$is_system", isSystem)
            .With("$created_on", now)
            .ReadIdAsync(cancellationToken)
        ?? throw new InvalidOperationException($"Role '{name}' was not inserted.");

    private static ValueTask<RoleRecord?> FindRoleAsync(PooledConnection connection, long accountId, string name, CancellationToken cancellationToken) =>
        connection.Command(FindRoleSql)
            .With("$account_id", accountId)
            .With("$name", name)
            .ReadFirstAsync(ToRole, cancellationToken);

    private static ValueTask<RoleRecord?> FindRoleByIdAsync(PooledConnection connection, long accountId, long roleId, CancellationToken cancellationToken) =>
        connection.Command(FindRoleByIdSql)
            .With("$account_id", accountId)
            .With("$id", roleId)
            .ReadFirstAsync(ToRole, cancellationToken);

    private static RoleRecord ToRole(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        Name: reader.GetString(2),
        CreatedOn: reader.GetTimestamp(3),
        Owner: reader.GetNullableString(4),
        Comment: reader.GetNullableString(5),
        IsSystem: reader.GetFlag(6))
    {
        GrantedToRoles = reader.GetInt32(7),
        GrantedRoles = reader.GetInt32(8),
        AssignedToUsers = reader.GetInt32(9),
    };
}
