namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// The schema, as an ordered list of steps. Version N of a database is the result of steps
/// 1..N; <c>PRAGMA user_version</c> holds N. Never edit a released step: append a new one.
/// <code>
/// accounts           id PK, name UNIQUE, created_on
/// └─ repositories    id PK, account_id → accounts, database_name, schema_name, name,
///    │               created_on, owner_role, comment, encryption
///    │               UNIQUE (account_id, database_name, schema_name, name)
///    ├─ images       id PK, repository_id → repositories, account_id (copied from the
///    │  │            repository), name, path = "db/schema/repo/image" in URL form
///    │  │            UNIQUE (repository_id, name); UNIQUE (account_id, path) for the catalog
///    │  ├─ manifests         PK (image_id, digest), media_type, artifact_type, subject, size,
///    │  │  │                 body (exact bytes), annotations_json, created_on
///    │  │  │                 INDEX (image_id, subject, digest) for the referrers API
///    │  │  ├─ manifest_blobs     PK (image_id, manifest_digest, blob_digest)  } what each manifest
///    │  │  └─ manifest_children  PK (image_id, manifest_digest, child_digest) } references, for GC
///    │  └─ tags              PK (image_id, name), digest → manifests, updated_on (WITHOUT ROWID)
///    ├─ blob_links   PK (repository_id, digest), digest → blobs; INDEX (digest)
///    └─ uploads      id PK, repository_id, image, principal, started_on, updated_on;
///                    INDEX (updated_on)
/// blobs              digest PK, size: one row per blob content, shared by every account
/// </code>
/// Every child row is deleted with its parent (<c>ON DELETE CASCADE</c>), so deleting a
/// repository row drops everything in it except the global <c>blobs</c> rows, which garbage
/// collection reclaims. Ids are AUTOINCREMENT so a dropped repository's id never comes back
/// for a new one (a stale reference must not reach the new repository). Timestamps are Unix milliseconds (UTC). Text compares with SQLite's
/// BINARY collation: byte order of UTF-8, which is ordinal order for the ASCII names stored here.
/// </summary>
internal static partial class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "Initial schema", InitialSchema),
        new(2, "Control plane", ControlPlane),
        new(3, "Registry-token signing keys", SigningKeys),
        new(4, "Registry refresh tokens", RefreshTokens),
        new(5, "Session role restriction", SessionRoleRestriction),
        new(6, "Security version", SecurityVersion),
        new(7, "Login, query and registry history", History),
        new(8, "Blob collection", BlobCollection),
        new(9, "Security integrations; OAUTH in authentication policies", SecurityIntegrations),
        new(10, "Users' e-mail addresses", UserEmail),
        new(11, "The web console's data-protection key ring", DataProtectionKeys),
        new(12, "Registry history without the age index or AUTOINCREMENT", LeanRegistryHistory),
        new(13, "Tag version", TagVersion),
    ];

    public static int LatestVersion => All[^1].Version;

    private const string InitialSchema = """
        CREATE TABLE accounts (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            name       TEXT    NOT NULL UNIQUE,
            created_on INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE repositories (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            database_name TEXT    NOT NULL,
            schema_name   TEXT    NOT NULL,
            name          TEXT    NOT NULL,
            created_on    INTEGER NOT NULL,
            owner_role    TEXT,
            comment       TEXT,
            encryption    TEXT    NOT NULL,
            UNIQUE (account_id, database_name, schema_name, name)
        ) STRICT;

        CREATE TABLE images (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name          TEXT    NOT NULL,
            path          TEXT    NOT NULL,
            UNIQUE (repository_id, name)
        ) STRICT;
        CREATE UNIQUE INDEX images_by_account_path ON images (account_id, path);

        CREATE TABLE blobs (
            digest TEXT    NOT NULL PRIMARY KEY,
            size   INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE blob_links (
            repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            digest        TEXT    NOT NULL REFERENCES blobs (digest),
            PRIMARY KEY (repository_id, digest)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX blob_links_by_digest ON blob_links (digest);

        CREATE TABLE manifests (
            image_id         INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
            digest           TEXT    NOT NULL,
            media_type       TEXT    NOT NULL,
            artifact_type    TEXT,
            subject          TEXT,
            size             INTEGER NOT NULL,
            body             BLOB    NOT NULL,
            annotations_json TEXT,
            created_on       INTEGER NOT NULL,
            PRIMARY KEY (image_id, digest)
        ) STRICT;
        CREATE INDEX manifests_by_subject ON manifests (image_id, subject, digest) WHERE subject IS NOT NULL;

        CREATE TABLE manifest_blobs (
            image_id        INTEGER NOT NULL,
            manifest_digest TEXT    NOT NULL,
            blob_digest     TEXT    NOT NULL,
            PRIMARY KEY (image_id, manifest_digest, blob_digest),
            FOREIGN KEY (image_id, manifest_digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX manifest_blobs_by_blob ON manifest_blobs (blob_digest);

        CREATE TABLE manifest_children (
            image_id        INTEGER NOT NULL,
            manifest_digest TEXT    NOT NULL,
            child_digest    TEXT    NOT NULL,
            PRIMARY KEY (image_id, manifest_digest, child_digest),
            FOREIGN KEY (image_id, manifest_digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX manifest_children_by_child ON manifest_children (child_digest);

        CREATE TABLE tags (
            image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            digest     TEXT    NOT NULL,
            updated_on INTEGER NOT NULL,
            PRIMARY KEY (image_id, name),
            FOREIGN KEY (image_id, digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX tags_by_manifest ON tags (image_id, digest);

        CREATE TABLE uploads (
            id            TEXT    NOT NULL PRIMARY KEY,
            repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            image         TEXT    NOT NULL,
            principal     TEXT,
            started_on    INTEGER NOT NULL,
            updated_on    INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX uploads_by_updated_on ON uploads (updated_on);
        CREATE INDEX uploads_by_repository ON uploads (repository_id);
        """;
}

/// <summary>One schema step: the SQL that takes a database from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
internal sealed record Migration(int Version, string Description, string Sql);
