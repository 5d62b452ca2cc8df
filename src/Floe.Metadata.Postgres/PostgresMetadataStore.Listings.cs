using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Content discovery: tag lists, the catalog, referrers and SHOW IMAGES.</summary>
internal sealed partial class PostgresMetadataStore
{
    // Pages start after $last; a first page binds '' (every name sorts after it), which keeps
    // the condition a plain range on the index instead of an OR the planner cannot seek with.
    internal static readonly SqlStatement ListTagsSql = new("""
        SELECT t.name
        FROM images i JOIN tags t ON t.image_id = i.id
        WHERE i.repository_id = $repository_id AND i.name = $image AND t.name > $last
        ORDER BY t.name
        LIMIT $limit
        """);

    internal static readonly SqlStatement ImageExistsSql = new("""
        SELECT EXISTS (
            SELECT 1 FROM images i JOIN manifests m ON m.image_id = i.id
            WHERE i.repository_id = $repository_id AND i.name = $image)
        """);

    internal static readonly SqlStatement ListReferrersSql = new("""
        SELECT m.digest, m.media_type, m.size, m.artifact_type, m.annotations_json
        FROM images i JOIN manifests m ON m.image_id = i.id
        WHERE i.repository_id = $repository_id AND i.name = $image AND m.subject = $subject
          AND ($artifact_type IS NULL OR m.artifact_type = $artifact_type)
        ORDER BY m.digest
        """);

    internal static readonly SqlStatement ListImageNamesSql = new("""
        SELECT path FROM images
        WHERE account_id = $account_id AND path > $last
        ORDER BY path
        LIMIT $limit
        """);

    // Tagged rows first within an image (NULL tags last, as PostgreSQL sorts them too).
    internal static readonly SqlStatement ListTaggedImagesSql = new("""
        SELECT image, tag, digest, created_on FROM (
            SELECT i.name AS image, t.name AS tag, m.digest AS digest, m.created_on AS created_on
            FROM images i
            JOIN tags t ON t.image_id = i.id
            JOIN manifests m ON m.image_id = t.image_id AND m.digest = t.digest
            WHERE i.repository_id = $repository_id
            UNION ALL
            SELECT i.name, NULL, m.digest, m.created_on
            FROM images i JOIN manifests m ON m.image_id = i.id
            WHERE i.repository_id = $repository_id
              AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.image_id = m.image_id AND t.digest = m.digest)) AS rows
        ORDER BY image, tag IS NULL, tag, digest
        """);

    public async ValueTask<IReadOnlyList<string>> ListTagsAsync(long repositoryId, string image, string? last, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        NpgsqlCommand list = lease.Connection.Command(ListTagsSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .With("$last", last ?? string.Empty)
            .With("$limit", limit);
        return await ReadStringsAsync(list, cancellationToken);
    }

    public async ValueTask<bool> ImageExistsAsync(long repositoryId, string image, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return await lease.Connection.Command(ImageExistsSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .ReadFlagAsync(cancellationToken);
    }

    /// <summary>Ordered by digest. The subject need not be stored: referrers may arrive first.</summary>
    public async ValueTask<IReadOnlyList<Referrer>> ListReferrersAsync(
        long repositoryId, string image, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListReferrersSql)
            .With("$repository_id", repositoryId)
            .With("$image", image)
            .With("$subject", subject)
            .With("$artifact_type", artifactType)
            .ExecuteReaderAsync(cancellationToken);
        List<Referrer> referrers = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            referrers.Add(new Referrer(
                reader.GetDigest(0), reader.GetString(1), reader.GetInt64(2), reader.GetNullableString(3), reader.GetNullableString(4)));
        }

        return referrers;
    }

    public async ValueTask<IReadOnlyList<string>> ListImageNamesAsync(long accountId, string? last, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        NpgsqlCommand list = lease.Connection.Command(ListImageNamesSql)
            .With("$account_id", accountId)
            .With("$last", last ?? string.Empty)
            .With("$limit", limit);
        return await ReadStringsAsync(list, cancellationToken);
    }

    /// <summary><see cref="TaggedImage.CreatedOn"/> is when the manifest was first stored, for tagged and untagged rows alike.</summary>
    public async ValueTask<IReadOnlyList<TaggedImage>> ListTaggedImagesAsync(long repositoryId, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListTaggedImagesSql)
            .With("$repository_id", repositoryId)
            .ExecuteReaderAsync(cancellationToken);
        List<TaggedImage> rows = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TaggedImage(reader.GetString(0), reader.GetNullableString(1), reader.GetDigest(2), reader.GetTimestamp(3)));
        }

        return rows;
    }

    private static async ValueTask<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<string> values = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
