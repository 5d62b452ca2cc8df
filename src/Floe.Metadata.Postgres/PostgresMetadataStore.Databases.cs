using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>
/// Databases. A database's repositories are those named with it (<c>repositories.database_name</c>);
/// its schemas, their policies and future grants, and the grants on all of them go by cascade.
/// </summary>
internal sealed partial class PostgresMetadataStore
{
    private const string DatabaseSelect = """
        SELECT d.id, d.account_id, d.name, d.created_on, ow.name, d.comment
        FROM databases d
        LEFT JOIN grants og ON og.object_type = 'DATABASE' AND og.object_id = d.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement FindDatabaseSql = new($"{DatabaseSelect} WHERE d.account_id = $account_id AND d.name = $name");

    internal static readonly SqlStatement FindDatabaseByIdSql = new($"{DatabaseSelect} WHERE d.account_id = $account_id AND d.id = $id");

    internal static readonly SqlStatement ListDatabasesSql = new($"{DatabaseSelect} WHERE d.account_id = $account_id ORDER BY d.name");

    internal static readonly SqlStatement InsertDatabaseSql = new("""
        INSERT INTO databases (account_id, name, comment, created_on) VALUES ($account_id, $name, $comment, $created_on) RETURNING id
        """);

    internal static readonly SqlStatement DeleteDatabaseRepositoriesSql = new(
        "DELETE FROM repositories WHERE account_id = $account_id AND database_name = $database_name");

    internal static readonly SqlStatement DeleteDatabaseSql = new("DELETE FROM databases WHERE id = $id");

    internal static readonly SqlStatement SetDatabaseCommentSql = new(
        "UPDATE databases SET comment = $comment WHERE id = $id AND account_id = $account_id");

    // A policy of the scope (database, schema or the policy itself) that the account or a user has set.
    internal static readonly SqlStatement PolicyInUseSql = new("""
        SELECT EXISTS (
            SELECT 1 FROM authentication_policies p JOIN schemas s ON s.id = p.schema_id
            WHERE p.account_id = $account_id
              AND ($database_id IS NULL OR s.database_id = $database_id)
              AND ($schema_id IS NULL OR p.schema_id = $schema_id)
              AND ($policy_id IS NULL OR p.id = $policy_id)
              AND (EXISTS (SELECT 1 FROM users u WHERE u.authentication_policy_id = p.id)
                   OR EXISTS (SELECT 1 FROM accounts a WHERE a.authentication_policy_id = p.id)))
        """);

    public ValueTask<CreateResult<DatabaseRecord>> CreateDatabaseAsync(NewDatabase database, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return WriteAsync(async (connection, now) =>
        {
            DatabaseRecord? existing = await FindDatabaseAsync(connection, database.AccountId, database.Name, cancellationToken);
            CreateStatus? refused = existing is not null && mode == CreateMode.FailIfExists ? CreateStatus.AlreadyExists
                : !await RoleInAccountAsync(connection, database.AccountId, database.OwnerRoleId, cancellationToken) ? CreateStatus.NotFound
                : existing is not null && await PolicyInUseAsync(connection, database.AccountId, new PolicyScope(DatabaseId: existing.Id), cancellationToken) ? CreateStatus.Protected
                : null;
            if (refused is { } status)
            {
                return new CreateResult<DatabaseRecord>(status, status == CreateStatus.AlreadyExists ? existing : null);
            }

            if (existing is not null)
            {
                await DeleteDatabaseAsync(connection, existing, cancellationToken);
            }

            long id = await InsertDatabaseAsync(connection, database, now, cancellationToken);
            await InsertSchemaAsync(connection, new NewSchema(database.AccountId, id, DefaultSchema.Name, database.OwnerRoleId), now, cancellationToken);
            DatabaseRecord created = await FindDatabaseByIdAsync(connection, database.AccountId, id, cancellationToken)
                ?? throw new InvalidOperationException($"Database {id} vanished inside its transaction.");
            return new CreateResult<DatabaseRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<DatabaseRecord?> FindDatabaseAsync(long accountId, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindDatabaseAsync(connection, accountId, name, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<DatabaseRecord>> ListDatabasesAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListDatabasesSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToDatabase, cancellationToken), cancellationToken);

    public ValueTask<DropStatus> DropDatabaseAsync(long accountId, long databaseId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            DatabaseRecord? database = await FindDatabaseByIdAsync(connection, accountId, databaseId, cancellationToken);
            if (database is null)
            {
                return DropStatus.NotFound;
            }

            if (await PolicyInUseAsync(connection, accountId, new PolicyScope(DatabaseId: databaseId), cancellationToken))
            {
                return DropStatus.InUse;
            }

            await DeleteDatabaseAsync(connection, database, cancellationToken);
            return DropStatus.Dropped;
        }, cancellationToken);

    public ValueTask<bool> SetDatabaseCommentAsync(long accountId, long databaseId, string? comment, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(SetDatabaseCommentSql)
            .With("$id", databaseId)
            .With("$account_id", accountId)
            .With("$comment", comment)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    private static async ValueTask DeleteDatabaseAsync(PooledConnection connection, DatabaseRecord database, CancellationToken cancellationToken)
    {
        await connection.Command(DeleteDatabaseRepositoriesSql)
            .With("$account_id", database.AccountId)
            .With("$database_name", database.Name)
            .ExecuteNonQueryAsync(cancellationToken);
        await connection.Command(DeleteDatabaseSql).With("$id", database.Id).ExecuteNonQueryAsync(cancellationToken);
    }

    private static async ValueTask<long> InsertDatabaseAsync(PooledConnection connection, NewDatabase database, long now, CancellationToken cancellationToken)
    {
        long id = await connection.Command(InsertDatabaseSql)
            .With("$account_id", database.AccountId)
            .With("$name", database.Name)
            .With("$comment", database.Comment)
            .With("$created_on", now)
            .ReadIdAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Database '{database.Name}' was not inserted.");
        await InsertOwnershipAsync(connection, database.AccountId, SecurableObject.Database(id), database.OwnerRoleId, now, cancellationToken);
        return id;
    }

    private static ValueTask<bool> PolicyInUseAsync(PooledConnection connection, long accountId, PolicyScope scope, CancellationToken cancellationToken) =>
        connection.Command(PolicyInUseSql)
            .With("$account_id", accountId)
            .With("$database_id", scope.DatabaseId)
            .With("$schema_id", scope.SchemaId)
            .With("$policy_id", scope.PolicyId)
            .ReadFlagAsync(cancellationToken);

    /// <summary>Which policies an in-use check looks at: those of a database, of a schema, or one policy.</summary>
    private readonly record struct PolicyScope(long? DatabaseId = null, long? SchemaId = null, long? PolicyId = null);

    private static ValueTask<DatabaseRecord?> FindDatabaseAsync(PooledConnection connection, long accountId, string name, CancellationToken cancellationToken) =>
        connection.Command(FindDatabaseSql)
            .With("$account_id", accountId)
            .With("$name", name)
            .ReadFirstAsync(ToDatabase, cancellationToken);

    private static ValueTask<DatabaseRecord?> FindDatabaseByIdAsync(PooledConnection connection, long accountId, long id, CancellationToken cancellationToken) =>
        connection.Command(FindDatabaseByIdSql)
            .With("$account_id", accountId)
            .With("$id", id)
            .ReadFirstAsync(ToDatabase, cancellationToken);

    private static DatabaseRecord ToDatabase(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        Name: reader.GetString(2),
        CreatedOn: reader.GetTimestamp(3),
        Owner: reader.GetNullableString(4),
        Comment: reader.GetNullableString(5));
}
