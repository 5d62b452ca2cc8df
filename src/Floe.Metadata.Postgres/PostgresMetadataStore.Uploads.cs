using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    private const string UploadColumns = "id, repository_id, image, principal, started_on, updated_on";

    internal static readonly SqlStatement InsertUploadSql = new($"""
        INSERT INTO uploads ({UploadColumns})
        VALUES ($id, $repository_id, $image, $principal, $started_on, $updated_on)
        """);

    internal static readonly SqlStatement FindUploadSql = new(
        $"SELECT {UploadColumns} FROM uploads WHERE id = $id");

    internal static readonly SqlStatement TouchUploadSql = new(
        "UPDATE uploads SET updated_on = $updated_on WHERE id = $id");

    internal static readonly SqlStatement DeleteUploadSql = new(
        "DELETE FROM uploads WHERE id = $id");

    internal static readonly SqlStatement ListIdleUploadsSql = new(
        $"SELECT {UploadColumns} FROM uploads WHERE updated_on < $cutoff ORDER BY updated_on, id");

    internal static readonly SqlStatement CountUploadsSql = new("SELECT COUNT(*) FROM uploads");

    /// <summary>Timestamps are kept to the millisecond.</summary>
    public async ValueTask CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await WriteAsync(async (connection, _) => await connection.Command(InsertUploadSql)
            .With("$id", upload.Id)
            .With("$repository_id", upload.RepositoryId)
            .With("$image", upload.Image)
            .With("$principal", upload.Principal)
            .With("$started_on", upload.StartedOn)
            .With("$updated_on", upload.UpdatedOn)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public async ValueTask<UploadRecord?> FindUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(FindUploadSql)
            .With("$id", uploadId)
            .ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ToUpload(reader) : null;
    }

    public async ValueTask TouchUploadAsync(string uploadId, DateTimeOffset updatedOn, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, _) => await connection.Command(TouchUploadSql)
            .With("$id", uploadId)
            .With("$updated_on", updatedOn)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public async ValueTask DeleteUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, _) => await connection.Command(DeleteUploadSql)
            .With("$id", uploadId)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Oldest activity first.</summary>
    public async ValueTask<IReadOnlyList<UploadRecord>> ListIdleUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListIdleUploadsSql)
            .With("$cutoff", cutoff)
            .ExecuteReaderAsync(cancellationToken);
        List<UploadRecord> uploads = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            uploads.Add(ToUpload(reader));
        }

        return uploads;
    }

    public async ValueTask<long> CountUploadsAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return (long)(await lease.Connection.Command(CountUploadsSql).ExecuteScalarAsync(cancellationToken))!;
    }

    private static UploadRecord ToUpload(NpgsqlDataReader reader) => new(
        Id: reader.GetString(0),
        RepositoryId: reader.GetInt64(1),
        Image: reader.GetString(2),
        Principal: reader.GetNullableString(3),
        StartedOn: reader.GetTimestamp(4),
        UpdatedOn: reader.GetTimestamp(5));
}
