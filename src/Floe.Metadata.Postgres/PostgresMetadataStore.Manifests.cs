using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    private const string StoredManifestColumns =
        "m.digest, m.media_type, m.artifact_type, m.subject, m.size, m.body, m.created_on";

    internal static readonly SqlStatement FindImageIdSql = new(
        "SELECT id FROM images WHERE repository_id = $repository_id AND name = $image");

    internal static readonly SqlStatement InsertImageSql = new("""
        INSERT INTO images (repository_id, account_id, name, path)
        VALUES ($repository_id, $account_id, $image, $path)
        RETURNING id
        """);

    // Run as a one-off command: the body (up to 4 MiB) is bound once and released with the command.
    private const string InsertManifestSql = """
        INSERT INTO manifests (image_id, digest, media_type, artifact_type, subject, size, body, annotations_json, created_on)
        VALUES ($image_id, $digest, $media_type, $artifact_type, $subject, $size, $body, $annotations_json, $created_on)
        ON CONFLICT (image_id, digest) DO NOTHING
        """;

    internal static readonly SqlStatement InsertManifestBlobSql = new("""
        INSERT INTO manifest_blobs (image_id, manifest_digest, blob_digest)
        VALUES ($image_id, $manifest_digest, $referenced_digest)
        ON CONFLICT DO NOTHING
        """);

    internal static readonly SqlStatement InsertManifestChildSql = new("""
        INSERT INTO manifest_children (image_id, manifest_digest, child_digest)
        VALUES ($image_id, $manifest_digest, $referenced_digest)
        ON CONFLICT DO NOTHING
        """);

    internal static readonly SqlStatement UpsertTagSql = new("""
        INSERT INTO tags (image_id, name, digest, updated_on)
        VALUES ($image_id, $tag, $digest, $updated_on)
        ON CONFLICT (image_id, name) DO UPDATE SET digest = excluded.digest, updated_on = excluded.updated_on
        """);

    internal static readonly SqlStatement FindManifestSql = new($"""
        SELECT {StoredManifestColumns}
        FROM images i JOIN manifests m ON m.image_id = i.id
        WHERE i.repository_id = $repository_id AND i.name = $image AND m.digest = $digest
        """);

    internal static readonly SqlStatement FindManifestByTagSql = new($"""
        SELECT {StoredManifestColumns}
        FROM images i
        JOIN tags t ON t.image_id = i.id
        JOIN manifests m ON m.image_id = t.image_id AND m.digest = t.digest
        WHERE i.repository_id = $repository_id AND i.name = $image AND t.name = $tag
        """);

    /// <summary>
    /// Creates the image row when needed, stores the manifest unless that digest is already there
    /// (the first body stays; equal digests mean equal bytes), records what it references, and
    /// points the tag at it, all in one transaction.
    /// </summary>
    public async ValueTask PutManifestAsync(ManifestWrite manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await WriteAsync(async (connection, now) =>
        {
            long imageId = await EnsureImageAsync(connection, manifest.RepositoryId, manifest.Image, cancellationToken);
            if (await InsertManifestAsync(connection, imageId, manifest, now, cancellationToken))
            {
                await InsertReferencesAsync(connection, InsertManifestBlobSql, imageId, manifest.Digest, manifest.Blobs, cancellationToken);
                await InsertReferencesAsync(connection, InsertManifestChildSql, imageId, manifest.Digest, manifest.Children, cancellationToken);
            }

            if (manifest.Tag is not null)
            {
                await connection.Command(UpsertTagSql)
                    .With("$image_id", imageId)
                    .With("$tag", manifest.Tag)
                    .With("$digest", manifest.Digest)
                    .With("$updated_on", now)
                    .ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    public async ValueTask<StoredManifest?> FindManifestAsync(long repositoryId, string image, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        NpgsqlCommand find = lease.Connection.Command(FindManifestSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .With("$digest", digest);
        return await ReadStoredManifestAsync(find, cancellationToken);
    }

    /// <summary>
    /// Always <c>null</c>: this store keeps no tag version. Reading one would cost the same round trip as
    /// the lookup it saves, and a counter row bumped by every tag write would make concurrent pushes on
    /// every node wait for each other's commits.
    /// </summary>
    public ValueTask<long?> ReadTagVersionAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(null);

    public async ValueTask<StoredManifest?> FindManifestByTagAsync(long repositoryId, string image, string tag, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        NpgsqlCommand find = lease.Connection.Command(FindManifestByTagSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .With("$tag", tag);
        return await ReadStoredManifestAsync(find, cancellationToken);
    }

    private static async ValueTask<long> EnsureImageAsync(PooledConnection connection, long repositoryId, string image, CancellationToken cancellationToken)
    {
        object? existing = await connection.Command(FindImageIdSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .ExecuteScalarAsync(cancellationToken);
        if (existing is long imageId)
        {
            return imageId;
        }

        RepositoryRecord repository = await FindRepositoryByIdAsync(connection, repositoryId, cancellationToken)
            ?? throw new InvalidOperationException($"Repository {repositoryId} does not exist; create it before storing manifests in it.");
        return (long)(await connection.Command(InsertImageSql)
            .With("$repository_id", repositoryId)
            .With("$account_id", repository.AccountId)
            .With("$image", image)
            .With("$path", new RegistryName(repository.Key, image).ToString())
            .ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary><c>true</c> when the manifest is new to the image.</summary>
    private static async ValueTask<bool> InsertManifestAsync(
        PooledConnection connection, long imageId, ManifestWrite manifest, long now, CancellationToken cancellationToken)
    {
        using NpgsqlCommand insert = connection.OneOffCommand(InsertManifestSql)
            .With("$image_id", imageId)
            .With("$digest", manifest.Digest)
            .With("$media_type", manifest.MediaType)
            .With("$artifact_type", manifest.ArtifactType)
            .With("$subject", manifest.Subject?.ToString())
            .With("$size", (long)manifest.Body.Length)
            .With("$body", manifest.Body)
            .With("$annotations_json", manifest.AnnotationsJson)
            .With("$created_on", now);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async ValueTask InsertReferencesAsync(
        PooledConnection connection, SqlStatement statement, long imageId, Digest manifestDigest, IReadOnlyList<Digest> referenced, CancellationToken cancellationToken)
    {
        foreach (Digest digest in referenced)
        {
            await connection.Command(statement)
                .With("$image_id", imageId)
                .With("$manifest_digest", manifestDigest)
                .With("$referenced_digest", digest)
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async ValueTask<StoredManifest?> ReadStoredManifestAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredManifest(
            Digest: reader.GetDigest(0),
            MediaType: reader.GetString(1),
            ArtifactType: reader.GetNullableString(2),
            Subject: reader.GetNullableDigest(3),
            Size: reader.GetInt64(4),
            Body: reader.GetFieldValue<byte[]>(5),
            CreatedOn: reader.GetTimestamp(6));
    }
}
