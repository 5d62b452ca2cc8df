using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private const string RepositoryColumns =
        "id, account_id, database_name, schema_name, name, created_on, owner_role, comment, encryption";

    internal static readonly SqlStatement InsertRepositorySql = new($"""
        INSERT INTO repositories (account_id, database_name, schema_name, name, created_on, owner_role, comment, encryption)
        VALUES ($account_id, $database_name, $schema_name, $name, $created_on, $owner_role, $comment, $encryption)
        ON CONFLICT (account_id, database_name, schema_name, name) DO NOTHING
        RETURNING {RepositoryColumns}
        """);

    internal static readonly SqlStatement FindRepositorySql = new($"""
        SELECT {RepositoryColumns} FROM repositories
        WHERE account_id = $account_id AND database_name = $database_name AND schema_name = $schema_name AND name = $name
        """);

    internal static readonly SqlStatement FindRepositoryByIdSql = new(
        $"SELECT {RepositoryColumns} FROM repositories WHERE id = $id");

    internal static readonly SqlStatement ListRepositoriesSql = new($"""
        SELECT {RepositoryColumns} FROM repositories
        WHERE account_id = $account_id
        ORDER BY database_name, schema_name, name
        """);

    internal static readonly SqlStatement DeleteRepositorySql = new(
        "DELETE FROM repositories WHERE id = $id");

    public async ValueTask<RepositoryRecord?> CreateRepositoryAsync(NewRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        SqliteCommand insert = write.Connection.Command(InsertRepositorySql)
            .With("$account_id", repository.AccountId)
            .WithKey(repository.Key)
            .With("$created_on", Now())
            .With("$owner_role", repository.OwnerRole)
            .With("$comment", repository.Comment)
            .With("$encryption", repository.Encryption);
        RepositoryRecord? created = await ReadRepositoryAsync(insert, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return created;
    }

    public async ValueTask<RepositoryRecord?> FindRepositoryAsync(long accountId, RepositoryKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        SqliteCommand find = lease.Connection.Command(FindRepositorySql)
            .With("$account_id", accountId)
            .WithKey(key);
        return await ReadRepositoryAsync(find, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<RepositoryRecord>> ListRepositoriesAsync(long accountId, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using SqliteDataReader reader = await lease.Connection.Command(ListRepositoriesSql)
            .With("$account_id", accountId)
            .ExecuteReaderAsync(cancellationToken);
        List<RepositoryRecord> repositories = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            repositories.Add(ToRepository(reader));
        }

        return repositories;
    }

    /// <summary>One DELETE: the foreign keys cascade to images, manifests, tags, references, blob links and uploads.</summary>
    public async ValueTask<bool> DropRepositoryAsync(long repositoryId, CancellationToken cancellationToken)
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        int deleted = await write.Connection.Command(DeleteRepositorySql)
            .With("$id", repositoryId)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static async ValueTask<RepositoryRecord?> ReadRepositoryAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ToRepository(reader) : null;
    }

    private static RepositoryRecord ToRepository(SqliteDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        Key: new RepositoryKey(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
        CreatedOn: reader.GetTimestamp(5),
        OwnerRole: reader.GetNullableString(6),
        Comment: reader.GetNullableString(7),
        Encryption: reader.GetString(8));
}

file static class RepositoryKeyParameters
{
    public static SqliteCommand WithKey(this SqliteCommand command, RepositoryKey key) => command
        .With("$database_name", key.Database)
        .With("$schema_name", key.Schema)
        .With("$name", key.Repository);
}
