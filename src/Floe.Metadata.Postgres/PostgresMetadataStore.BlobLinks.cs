using Floe.Core.Content;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement InsertBlobSql = new(
        "INSERT INTO blobs (digest, size) VALUES ($digest, $size) ON CONFLICT (digest) DO NOTHING");

    internal static readonly SqlStatement InsertBlobLinkSql = new(
        "INSERT INTO blob_links (repository_id, digest) VALUES ($repository_id, $digest) ON CONFLICT DO NOTHING");

    internal static readonly SqlStatement FindBlobLinkSql = new("""
        SELECT b.size
        FROM blob_links l JOIN blobs b ON b.digest = l.digest
        WHERE l.repository_id = $repository_id AND l.digest = $digest
        """);

    internal static readonly SqlStatement FindRepositoriesLinkingSql = new("""
        SELECT l.repository_id
        FROM blob_links l JOIN repositories r ON r.id = l.repository_id
        WHERE l.digest = $digest AND r.account_id = $account_id
        ORDER BY l.repository_id
        """);

    /// <summary>The first size recorded for a digest stays: content with the same digest has the same size.</summary>
    public async ValueTask LinkBlobAsync(long repositoryId, Digest digest, long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        await WriteAsync(async (connection, _) =>
        {
            await connection.Command(InsertBlobSql)
                .With("$digest", digest)
                .With("$size", size)
                .ExecuteNonQueryAsync(cancellationToken);
            await connection.Command(InsertBlobLinkSql)
                .With("$repository_id", repositoryId)
                .With("$digest", digest)
                .ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async ValueTask<long?> FindBlobLinkAsync(long repositoryId, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        object? size = await lease.Connection.Command(FindBlobLinkSql)
            .With("$repository_id", repositoryId)
            .With("$digest", digest)
            .ExecuteScalarAsync(cancellationToken);
        return size is null ? null : (long)size;
    }

    public async ValueTask<IReadOnlyList<long>> FindRepositoriesLinkingAsync(long accountId, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(FindRepositoriesLinkingSql)
            .With("$digest", digest)
            .With("$account_id", accountId)
            .ExecuteReaderAsync(cancellationToken);
        List<long> repositoryIds = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            repositoryIds.Add(reader.GetInt64(0));
        }

        return repositoryIds;
    }
}
