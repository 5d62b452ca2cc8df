using Floe.Core.Content;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    internal static readonly SqlStatement InsertBlobSql = new(
        "INSERT INTO blobs (digest, size) VALUES ($digest, $size) ON CONFLICT (digest) DO NOTHING");

    internal static readonly SqlStatement InsertBlobLinkSql = new(
        "INSERT INTO blob_links (repository_id, digest) VALUES ($repository_id, $digest) ON CONFLICT DO NOTHING");

    /// <summary>Run on every blob GET and HEAD, so bound by position (<see cref="PositionalStatement"/>): ?1 the repository id, ?2 the digest.</summary>
    internal static readonly SqlStatement FindBlobLinkSql = new("""
        SELECT b.size
        FROM blob_links l JOIN blobs b ON b.digest = l.digest
        WHERE l.repository_id = ?1 AND l.digest = ?2
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
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        await write.Connection.Command(InsertBlobSql)
            .With("$digest", digest)
            .With("$size", size)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.Connection.Command(InsertBlobLinkSql)
            .With("$repository_id", repositoryId)
            .With("$digest", digest)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    public async ValueTask<long?> FindBlobLinkAsync(long repositoryId, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return lease.Connection.Positional(FindBlobLinkSql)
            .Bind(1, repositoryId)
            .Bind(2, digest.ToString())
            .ReadInt64OrNull();
    }

    public async ValueTask<IReadOnlyList<long>> FindRepositoriesLinkingAsync(long accountId, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using SqliteDataReader reader = await lease.Connection.Command(FindRepositoriesLinkingSql)
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
