using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Schemas: dropping one drops the repositories named with it, and by cascade its policies and grants.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string SchemaSelect = """
        SELECT s.id, s.account_id, s.database_id, d.name, s.name, s.created_on, ow.name, s.comment
        FROM schemas s
        JOIN databases d ON d.id = s.database_id
        LEFT JOIN grants og ON og.object_type = 'SCHEMA' AND og.object_id = s.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement FindSchemaSql = new(
        $"{SchemaSelect} WHERE d.account_id = $account_id AND d.name = $database_name AND s.name = $name");

    internal static readonly SqlStatement FindSchemaInDatabaseSql = new(
        $"{SchemaSelect} WHERE s.account_id = $account_id AND s.database_id = $database_id AND s.name = $name");

    internal static readonly SqlStatement FindSchemaByIdSql = new($"{SchemaSelect} WHERE s.account_id = $account_id AND s.id = $id");

    internal static readonly SqlStatement ListSchemasSql = new($"""
        {SchemaSelect}
        WHERE s.account_id = $account_id AND ($database_id IS NULL OR s.database_id = $database_id)
        ORDER BY d.name, s.name
        """);

    internal static readonly SqlStatement DatabaseInAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM databases WHERE id = $id AND account_id = $account_id)");

    internal static readonly SqlStatement InsertSchemaSql = new("""
        INSERT INTO schemas (account_id, database_id, name, comment, created_on)
        VALUES ($account_id, $database_id, $name, $comment, $created_on)
        RETURNING id
        """);

    internal static readonly SqlStatement DeleteSchemaRepositoriesSql = new("""
        DELETE FROM repositories WHERE account_id = $account_id AND database_name = $database_name AND schema_name = $schema_name
        """);

    internal static readonly SqlStatement DeleteSchemaSql = new("DELETE FROM schemas WHERE id = $id");

    internal static readonly SqlStatement SetSchemaCommentSql = new(
        "UPDATE schemas SET comment = $comment WHERE id = $id AND account_id = $account_id");

    public ValueTask<CreateResult<SchemaRecord>> CreateSchemaAsync(NewSchema schema, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return WriteAsync(async (connection, now) =>
        {
            if (!await DatabaseInAccountAsync(connection, schema.AccountId, schema.DatabaseId, cancellationToken)
                || !await RoleInAccountAsync(connection, schema.AccountId, schema.OwnerRoleId, cancellationToken))
            {
                return CreateResult<SchemaRecord>.Failed(CreateStatus.NotFound);
            }

            SchemaRecord? existing = await connection.Command(FindSchemaInDatabaseSql)
                .With("$account_id", schema.AccountId)
                .With("$database_id", schema.DatabaseId)
                .With("$name", schema.Name)
                .ReadFirstAsync(ToSchema, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<SchemaRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (existing is not null)
            {
                if (await PolicyInUseAsync(connection, schema.AccountId, new PolicyScope(SchemaId: existing.Id), cancellationToken))
                {
                    return CreateResult<SchemaRecord>.Failed(CreateStatus.Protected);
                }

                await DeleteSchemaAsync(connection, existing, cancellationToken);
            }

            long id = await InsertSchemaAsync(connection, schema, now, cancellationToken);
            SchemaRecord created = await FindSchemaByIdAsync(connection, schema.AccountId, id, cancellationToken)
                ?? throw new InvalidOperationException($"Schema {id} vanished inside its transaction.");
            return new CreateResult<SchemaRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<SchemaRecord?> FindSchemaAsync(long accountId, string database, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindSchemaSql)
            .With("$account_id", accountId)
            .With("$database_name", database)
            .With("$name", name)
            .ReadFirstAsync(ToSchema, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<SchemaRecord>> ListSchemasAsync(long accountId, long? databaseId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListSchemasSql)
            .With("$account_id", accountId)
            .With("$database_id", databaseId)
            .ReadAllAsync(ToSchema, cancellationToken), cancellationToken);

    public ValueTask<DropStatus> DropSchemaAsync(long accountId, long schemaId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            SchemaRecord? schema = await FindSchemaByIdAsync(connection, accountId, schemaId, cancellationToken);
            if (schema is null)
            {
                return DropStatus.NotFound;
            }

            if (await PolicyInUseAsync(connection, accountId, new PolicyScope(SchemaId: schemaId), cancellationToken))
            {
                return DropStatus.InUse;
            }

            await DeleteSchemaAsync(connection, schema, cancellationToken);
            return DropStatus.Dropped;
        }, cancellationToken);

    public ValueTask<bool> SetSchemaCommentAsync(long accountId, long schemaId, string? comment, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(SetSchemaCommentSql)
            .With("$id", schemaId)
            .With("$account_id", accountId)
            .With("$comment", comment)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    private static async ValueTask DeleteSchemaAsync(PooledConnection connection, SchemaRecord schema, CancellationToken cancellationToken)
    {
        await connection.Command(DeleteSchemaRepositoriesSql)
            .With("$account_id", schema.AccountId)
            .With("$database_name", schema.Database)
            .With("$schema_name", schema.Name)
            .ExecuteNonQueryAsync(cancellationToken);
        await connection.Command(DeleteSchemaSql).With("$id", schema.Id).ExecuteNonQueryAsync(cancellationToken);
    }

    private static async ValueTask<long> InsertSchemaAsync(PooledConnection connection, NewSchema schema, long now, CancellationToken cancellationToken)
    {
        long id = await connection.Command(InsertSchemaSql)
            .With("$account_id", schema.AccountId)
            .With("$database_id", schema.DatabaseId)
            .With("$name", schema.Name)
            .With("$comment", schema.Comment)
            .With("$created_on", now)
            .ReadIdAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Schema '{schema.Name}' was not inserted.");
        await InsertOwnershipAsync(connection, schema.AccountId, SecurableObject.Schema(id), schema.OwnerRoleId, now, cancellationToken);
        return id;
    }

    private static ValueTask<bool> DatabaseInAccountAsync(PooledConnection connection, long accountId, long databaseId, CancellationToken cancellationToken) =>
        connection.Command(DatabaseInAccountSql)
            .With("$id", databaseId)
            .With("$account_id", accountId)
            .ReadFlagAsync(cancellationToken);

    private static ValueTask<SchemaRecord?> FindSchemaByIdAsync(PooledConnection connection, long accountId, long id, CancellationToken cancellationToken) =>
        connection.Command(FindSchemaByIdSql)
            .With("$account_id", accountId)
            .With("$id", id)
            .ReadFirstAsync(ToSchema, cancellationToken);

    private static SchemaRecord ToSchema(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        DatabaseId: reader.GetInt64(2),
        Database: reader.GetString(3),
        Name: reader.GetString(4),
        CreatedOn: reader.GetTimestamp(5),
        Owner: reader.GetNullableString(6),
        Comment: reader.GetNullableString(7));
}
