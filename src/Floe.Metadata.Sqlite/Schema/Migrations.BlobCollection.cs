namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 8: the state of online garbage collection (docs/design/gc.md).
/// <code>
/// blob_leases      PK (digest, holder), expires_on: an upload commit of the digest is in progress
/// blob_tombstones  digest PK, marked_on: a collector is deleting the digest's bytes; its blobs row is gone
/// </code>
/// </summary>
internal static partial class Migrations
{
    private const string BlobCollection = """
        CREATE TABLE blob_leases (
            digest     TEXT    NOT NULL,
            holder     TEXT    NOT NULL,
            expires_on INTEGER NOT NULL,
            PRIMARY KEY (digest, holder)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE blob_tombstones (
            digest    TEXT    NOT NULL PRIMARY KEY,
            marked_on INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;
}
