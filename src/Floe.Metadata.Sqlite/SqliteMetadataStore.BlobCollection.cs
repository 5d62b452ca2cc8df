using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>
/// Online garbage collection's transactions (docs/design/gc.md). SQLite has one writer at a time
/// (<c>BEGIN IMMEDIATE</c>, across processes too), so each method below is atomic and they are totally
/// ordered: that order is what the protocol relies on.
/// </summary>
public sealed partial class SqliteMetadataStore
{
    internal static readonly SqlStatement FindTombstoneSql = new(
        "SELECT 1 FROM blob_tombstones WHERE digest = $digest");

    internal static readonly SqlStatement UpsertLeaseSql = new("""
        INSERT INTO blob_leases (digest, holder, expires_on) VALUES ($digest, $holder, $expires_on)
        ON CONFLICT (digest, holder) DO UPDATE SET expires_on = excluded.expires_on
        """);

    internal static readonly SqlStatement DeleteLeaseSql = new(
        "DELETE FROM blob_leases WHERE digest = $digest AND holder = $holder");

    internal static readonly SqlStatement FindBlobSizeSql = new(
        "SELECT size FROM blobs WHERE digest = $digest");

    internal static readonly SqlStatement FindAnyBlobLinkSql = new(
        "SELECT 1 FROM blob_links WHERE digest = $digest LIMIT 1");

    internal static readonly SqlStatement FindLiveLeaseSql = new(
        "SELECT 1 FROM blob_leases WHERE digest = $digest AND expires_on > $now LIMIT 1");

    internal static readonly SqlStatement DeleteLeasesOfSql = new(
        "DELETE FROM blob_leases WHERE digest = $digest");

    internal static readonly SqlStatement DeleteBlobSql = new(
        "DELETE FROM blobs WHERE digest = $digest");

    internal static readonly SqlStatement InsertTombstoneSql = new(
        "INSERT INTO blob_tombstones (digest, marked_on) VALUES ($digest, $now) ON CONFLICT (digest) DO NOTHING");

    internal static readonly SqlStatement DeleteTombstoneSql = new(
        "DELETE FROM blob_tombstones WHERE digest = $digest");

    internal static readonly SqlStatement ListBlobRecordsSql = new("""
        SELECT b.digest, b.size, EXISTS (SELECT 1 FROM blob_links l WHERE l.digest = b.digest)
        FROM blobs b
        """);

    internal static readonly SqlStatement ListTombstonesSql = new(
        "SELECT digest FROM blob_tombstones");

    internal static readonly SqlStatement DeleteExpiredLeasesSql = new(
        "DELETE FROM blob_leases WHERE expires_on <= $now");

    public async ValueTask<bool> LeaseBlobAsync(Digest digest, string holder, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        PooledConnection connection = write.Connection;
        if (await connection.Command(FindTombstoneSql).With("$digest", digest).ExecuteScalarAsync(cancellationToken) is not null)
        {
            return false;
        }

        await connection.Command(UpsertLeaseSql)
            .With("$digest", digest)
            .With("$holder", holder)
            .With("$expires_on", expiresOn)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask<bool> LinkLeasedBlobAsync(long repositoryId, Digest digest, long size, string holder, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        PooledConnection connection = write.Connection;
        int released = await connection.Command(DeleteLeaseSql)
            .With("$digest", digest)
            .With("$holder", holder)
            .ExecuteNonQueryAsync(cancellationToken);
        if (released != 1)
        {
            return false;
        }

        await connection.Command(InsertBlobSql).With("$digest", digest).With("$size", size).ExecuteNonQueryAsync(cancellationToken);
        await connection.Command(InsertBlobLinkSql)
            .With("$repository_id", repositoryId)
            .With("$digest", digest)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask ReleaseBlobLeaseAsync(Digest digest, string holder, CancellationToken cancellationToken)
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        await write.Connection.Command(DeleteLeaseSql)
            .With("$digest", digest)
            .With("$holder", holder)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    public async ValueTask<long?> MountBlobAsync(long repositoryId, Digest digest, CancellationToken cancellationToken)
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        PooledConnection connection = write.Connection;
        if (await connection.Command(FindBlobSizeSql).With("$digest", digest).ExecuteScalarAsync(cancellationToken) is not long size)
        {
            return null;
        }

        await connection.Command(InsertBlobLinkSql)
            .With("$repository_id", repositoryId)
            .With("$digest", digest)
            .ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return size;
    }

    public async ValueTask<IReadOnlyList<BlobRecord>> ListBlobRecordsAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using SqliteDataReader reader = await lease.Connection.Command(ListBlobRecordsSql).ExecuteReaderAsync(cancellationToken);
        List<BlobRecord> records = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new BlobRecord(reader.GetDigest(0), reader.GetInt64(1), reader.GetInt64(2) != 0));
        }

        return records;
    }

    public async ValueTask<IReadOnlyList<Digest>> TombstoneBlobsAsync(IReadOnlyList<Digest> digests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        PooledConnection connection = write.Connection;
        List<Digest> marked = [];
        foreach (Digest digest in digests)
        {
            if (await connection.Command(FindAnyBlobLinkSql).With("$digest", digest).ExecuteScalarAsync(cancellationToken) is not null
                || await connection.Command(FindLiveLeaseSql).With("$digest", digest).With("$now", now).ExecuteScalarAsync(cancellationToken) is not null)
            {
                continue;
            }

            await connection.Command(DeleteLeasesOfSql).With("$digest", digest).ExecuteNonQueryAsync(cancellationToken);
            await connection.Command(DeleteBlobSql).With("$digest", digest).ExecuteNonQueryAsync(cancellationToken);
            await connection.Command(InsertTombstoneSql).With("$digest", digest).With("$now", now).ExecuteNonQueryAsync(cancellationToken);
            marked.Add(digest);
        }

        await write.CommitAsync(cancellationToken);
        return marked;
    }

    public async ValueTask<IReadOnlyList<Digest>> ListTombstonesAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using SqliteDataReader reader = await lease.Connection.Command(ListTombstonesSql).ExecuteReaderAsync(cancellationToken);
        List<Digest> digests = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            digests.Add(reader.GetDigest(0));
        }

        return digests;
    }

    public async ValueTask DeleteTombstonesAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        foreach (Digest digest in digests)
        {
            await write.Connection.Command(DeleteTombstoneSql).With("$digest", digest).ExecuteNonQueryAsync(cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
    }

    public async ValueTask<int> DeleteExpiredBlobLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        int removed = await write.Connection.Command(DeleteExpiredLeasesSql).With("$now", now).ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return removed;
    }
}
