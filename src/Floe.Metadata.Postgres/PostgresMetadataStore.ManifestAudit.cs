using System.Runtime.CompilerServices;
using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Every manifest with its references, for `floe fsck`.</summary>
internal sealed partial class PostgresMetadataStore
{
    // One row per manifest (kind 0) followed by one per reference, grouped by manifest: the reader
    // folds them into one record each, so memory holds one manifest's references at a time.
    internal static readonly SqlStatement ListManifestsForAuditSql = new("""
        SELECT a.name, i.path, x.manifest_digest, x.kind, x.reference, x.backed
        FROM (
            SELECT m.image_id, m.digest AS manifest_digest, 0 AS kind, NULL AS reference, 1 AS backed
            FROM manifests m
            UNION ALL
            SELECT mb.image_id, mb.manifest_digest, 1, mb.blob_digest,
                   CASE WHEN EXISTS (
                       SELECT 1 FROM images owner JOIN blob_links bl ON bl.repository_id = owner.repository_id
                       WHERE owner.id = mb.image_id AND bl.digest = mb.blob_digest) THEN 1 ELSE 0 END
            FROM manifest_blobs mb
            UNION ALL
            SELECT mc.image_id, mc.manifest_digest, 2, mc.child_digest,
                   CASE WHEN EXISTS (
                       SELECT 1 FROM manifests child
                       WHERE child.image_id = mc.image_id AND child.digest = mc.child_digest) THEN 1 ELSE 0 END
            FROM manifest_children mc
        ) x
        JOIN images i ON i.id = x.image_id
        JOIN accounts a ON a.id = i.account_id
        ORDER BY x.image_id, x.manifest_digest, x.kind, x.reference
        """);

    public async IAsyncEnumerable<AuditedManifest> ListManifestsForAuditAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        using NpgsqlDataReader reader = await lease.Connection.Command(ListManifestsForAuditSql).ExecuteReaderAsync(cancellationToken);
        AuditedManifest? current = null;
        List<AuditedReference> references = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            int kind = reader.GetInt32(3);
            if (kind == 0)
            {
                if (current is not null)
                {
                    yield return current with { References = [.. references] };
                }

                current = new AuditedManifest(reader.GetString(0), reader.GetString(1), reader.GetDigest(2), []);
                references.Clear();
                continue;
            }

            references.Add(new AuditedReference(
                kind == 1 ? ReferenceKind.Blob : ReferenceKind.Manifest, reader.GetDigest(4), reader.GetInt32(5) == 1));
        }

        if (current is not null)
        {
            yield return current with { References = [.. references] };
        }
    }
}
