namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 4: the state of online garbage collection (docs/design/gc.md), as in SQLite's step 8:
    /// <c>blob_leases</c> (an upload commit of the digest is in progress) and <c>blob_tombstones</c> (a
    /// collector is deleting the digest's bytes; its <c>blobs</c> row is gone).
    /// </summary>
    private const string BlobCollection = """
        CREATE TABLE blob_leases (
            digest     TEXT COLLATE "C" NOT NULL,
            holder     TEXT COLLATE "C" NOT NULL,
            expires_on BIGINT NOT NULL,
            PRIMARY KEY (digest, holder)
        );

        CREATE TABLE blob_tombstones (
            digest    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            marked_on BIGINT NOT NULL
        );
        """;
}
