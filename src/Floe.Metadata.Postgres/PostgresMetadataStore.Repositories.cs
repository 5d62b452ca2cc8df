using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    // The owner is the OWNERSHIP grant; the database and schema are matched by name (there is no RENAME).
    private const string RepositorySelect = """
        SELECT r.id, r.account_id, r.database_name, r.schema_name, r.name, r.created_on, ow.name, r.comment, r.encryption, d.id, s.id
        FROM repositories r
        LEFT JOIN databases d ON d.account_id = r.account_id AND d.name = r.database_name
        LEFT JOIN schemas s ON s.database_id = d.id AND s.name = r.schema_name
        LEFT JOIN grants og ON og.object_type = 'IMAGE REPOSITORY' AND og.object_id = r.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement InsertRepositorySql = new("""
        INSERT INTO repositories (account_id, database_name, schema_name, name, created_on, comment, encryption)
        VALUES ($account_id, $database_name, $schema_name, $name, $created_on, $comment, $encryption)
        ON CONFLICT (account_id, database_name, schema_name, name) DO NOTHING
        RETURNING id
        """);

    internal static readonly SqlStatement FindRepositorySql = new($"""
        {RepositorySelect}
        WHERE r.account_id = $account_id AND r.database_name = $database_name AND r.schema_name = $schema_name AND r.name = $name
        """);

    internal static readonly SqlStatement FindRepositoryByIdSql = new($"{RepositorySelect} WHERE r.id = $id");

    internal static readonly SqlStatement ListRepositoriesSql = new($"""
        {RepositorySelect}
        WHERE r.account_id = $account_id
        ORDER BY r.database_name, r.schema_name, r.name
        """);

    internal static readonly SqlStatement DeleteRepositorySql = new(
        "DELETE FROM repositories WHERE id = $id");

    /// <summary>
    /// Records OWNERSHIP for <see cref="NewRepository.OwnerRole"/> (which must be a role of the account)
    /// and, when the repository's schema exists, applies its future grants.
    /// </summary>
    public async ValueTask<RepositoryRecord?> CreateRepositoryAsync(NewRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return await WriteAsync(async (connection, now) =>
        {
            if (await FindRepositoryAsync(connection, repository.AccountId, repository.Key, cancellationToken) is not null)
            {
                return null;
            }

            long? ownerRoleId = repository.OwnerRole is null ? null
                : (await FindRoleAsync(connection, repository.AccountId, repository.OwnerRole, cancellationToken))?.Id
                    ?? throw new InvalidOperationException($"Role '{repository.OwnerRole}' does not exist in account {repository.AccountId}.");
            SchemaRecord? schema = await connection.Command(FindSchemaSql)
                .With("$account_id", repository.AccountId)
                .With("$database_name", repository.Key.Database)
                .With("$name", repository.Key.Schema)
                .ReadFirstAsync(ToSchema, cancellationToken);
            long? id = await InsertRepositoryAsync(connection, repository, ownerRoleId, schema?.Id, now, cancellationToken);
            return id is null ? null : await FindRepositoryByIdAsync(connection, id.Value, cancellationToken);
        }, cancellationToken);
    }

    public async ValueTask<RepositoryRecord?> FindRepositoryAsync(long accountId, RepositoryKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return await FindRepositoryAsync(lease.Connection, accountId, key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<RepositoryRecord>> ListRepositoriesAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListRepositoriesSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToRepository, cancellationToken), cancellationToken);

    /// <summary>One DELETE: the foreign keys cascade to images, manifests, tags, references, blob links, uploads and grants.</summary>
    public ValueTask<bool> DropRepositoryAsync(long repositoryId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteRepositorySql)
            .With("$id", repositoryId)
            .ExecuteNonQueryAsync(cancellationToken) > 0, cancellationToken);

    /// <summary>
    /// The repository row, its OWNERSHIP (the schema's future owner, if any, else <paramref name="ownerRoleId"/>)
    /// and the schema's other future grants; <c>null</c> when the key is taken.
    /// </summary>
    private static async ValueTask<long?> InsertRepositoryAsync(
        PooledConnection connection, NewRepository repository, long? ownerRoleId, long? schemaId, long now, CancellationToken cancellationToken)
    {
        long? id = await connection.Command(InsertRepositorySql)
            .With("$account_id", repository.AccountId)
            .WithKey(repository.Key)
            .With("$created_on", now)
            .With("$comment", repository.Comment)
            .With("$encryption", repository.Encryption)
            .ReadIdAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        long? futureOwner = schemaId is null ? null : await FutureOwnerAsync(connection, schemaId.Value, cancellationToken);
        if ((futureOwner ?? ownerRoleId) is long owner)
        {
            await InsertOwnershipAsync(connection, repository.AccountId, SecurableObject.ImageRepository(id.Value), owner, now, cancellationToken);
        }

        if (schemaId is not null)
        {
            await ApplyFutureGrantsAsync(connection, schemaId.Value, id.Value, now, cancellationToken);
        }

        return id;
    }

    private static ValueTask<RepositoryRecord?> FindRepositoryAsync(PooledConnection connection, long accountId, RepositoryKey key, CancellationToken cancellationToken) =>
        connection.Command(FindRepositorySql)
            .With("$account_id", accountId)
            .WithKey(key)
            .ReadFirstAsync(ToRepository, cancellationToken);

    private static ValueTask<RepositoryRecord?> FindRepositoryByIdAsync(PooledConnection connection, long repositoryId, CancellationToken cancellationToken) =>
        connection.Command(FindRepositoryByIdSql)
            .With("$id", repositoryId)
            .ReadFirstAsync(ToRepository, cancellationToken);

    private static RepositoryRecord ToRepository(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        Key: new RepositoryKey(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
        CreatedOn: reader.GetTimestamp(5),
        OwnerRole: reader.GetNullableString(6),
        Comment: reader.GetNullableString(7),
        Encryption: reader.GetString(8))
    {
        DatabaseId = reader.GetNullableInt64(9),
        SchemaId = reader.GetNullableInt64(10),
    };
}

file static class RepositoryKeyParameters
{
    public static NpgsqlCommand WithKey(this NpgsqlCommand command, RepositoryKey key) => command
        .With("$database_name", key.Database)
        .With("$schema_name", key.Schema)
        .With("$name", key.Repository);
}
