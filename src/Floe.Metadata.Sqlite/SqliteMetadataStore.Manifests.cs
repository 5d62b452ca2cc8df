using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
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

    // Not a kept statement: it binds the body (up to 4 MiB), which a kept statement would hold until its next run.
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
        long now = Now();
        using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
        PooledConnection connection = write.Connection;
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

        await write.CommitAsync(cancellationToken);
    }

    public async ValueTask<StoredManifest?> FindManifestAsync(long repositoryId, string image, Digest digest, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        SqliteCommand find = lease.Connection.Command(FindManifestSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .With("$digest", digest);
        return await ReadStoredManifestAsync(find, cancellationToken);
    }

    internal static readonly SqlStatement TagVersionSql = new("SELECT version FROM tag_version WHERE id = 1");

    /// <summary>
    /// The counter step 13's triggers move with every change to what a tag resolves to. Read on every
    /// pull by tag, so through SQLite's own API (<see cref="PositionalStatement"/>).
    /// </summary>
    public async ValueTask<long?> ReadTagVersionAsync(CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return lease.Connection.Positional(TagVersionSql).ReadInt64();
    }

    public async ValueTask<StoredManifest?> FindManifestByTagAsync(long repositoryId, string image, string tag, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        SqliteCommand find = lease.Connection.Command(FindManifestByTagSql)
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
        using SqliteCommand insert = connection.OneOffCommand(InsertManifestSql)
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

    private static async ValueTask<StoredManifest?> ReadStoredManifestAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
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
