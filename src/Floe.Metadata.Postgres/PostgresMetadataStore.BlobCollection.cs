using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>
/// Online garbage collection's transactions (docs/design/gc.md). Each write below is one SERIALIZABLE
/// transaction (re-run on a serialization failure), so, across every node sharing the database, they
/// behave as if run one at a time in some total order: that order is what the protocol relies on. A
/// lease (which reads the tombstones) racing with a tombstone (which reads the leases) is exactly the
/// write skew SERIALIZABLE refuses: one of the two is re-run and sees the other.
/// </summary>
internal sealed partial class PostgresMetadataStore
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

    public ValueTask<bool> LeaseBlobAsync(Digest digest, string holder, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            if (await connection.Command(FindTombstoneSql).With("$digest", digest).ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }

            await connection.Command(UpsertLeaseSql)
                .With("$digest", digest)
                .With("$holder", holder)
                .With("$expires_on", expiresOn)
                .ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public ValueTask<bool> LinkLeasedBlobAsync(long repositoryId, Digest digest, long size, string holder, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return WriteAsync(async (connection, _) =>
        {
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
            return true;
        }, cancellationToken);
    }

    public async ValueTask ReleaseBlobLeaseAsync(Digest digest, string holder, CancellationToken cancellationToken) =>
        await WriteAsync(async (connection, _) => await connection.Command(DeleteLeaseSql)
            .With("$digest", digest)
            .With("$holder", holder)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public ValueTask<long?> MountBlobAsync(long repositoryId, Digest digest, CancellationToken cancellationToken) =>
        WriteAsync<long?>(async (connection, _) =>
        {
            if (await connection.Command(FindBlobSizeSql).With("$digest", digest).ExecuteScalarAsync(cancellationToken) is not long size)
            {
                return null;
            }

            await connection.Command(InsertBlobLinkSql)
                .With("$repository_id", repositoryId)
                .With("$digest", digest)
                .ExecuteNonQueryAsync(cancellationToken);
            return size;
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<BlobRecord>> ListBlobRecordsAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListBlobRecordsSql).ExecuteReaderAsync(cancellationToken);
        List<BlobRecord> records = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new BlobRecord(reader.GetDigest(0), reader.GetInt64(1), reader.GetBoolean(2)));
        }

        return records;
    }

    public ValueTask<IReadOnlyList<Digest>> TombstoneBlobsAsync(IReadOnlyList<Digest> digests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return WriteAsync<IReadOnlyList<Digest>>(async (connection, _) =>
        {
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

            return marked;
        }, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Digest>> ListTombstonesAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListTombstonesSql).ExecuteReaderAsync(cancellationToken);
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
        await WriteAsync(async (connection, _) =>
        {
            foreach (Digest digest in digests)
            {
                await connection.Command(DeleteTombstoneSql).With("$digest", digest).ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    public ValueTask<int> DeleteExpiredBlobLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteExpiredLeasesSql)
            .With("$now", now)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
