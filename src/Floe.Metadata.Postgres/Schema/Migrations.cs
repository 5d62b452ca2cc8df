namespace Floe.Metadata.Postgres.Schema;

/// <summary>
/// The schema, as an ordered list of steps; <c>schema_version</c> holds one row per applied step.
/// Never edit a released step: append a new one. Step 1 is the same schema the SQLite store reaches
/// after its five steps, table for table and column for column:
/// <code>
/// accounts           id, name UNIQUE, comment, is_organization_account (at most one), authentication_policy_id
/// ├─ repositories    id, database_name, schema_name, name UNIQUE per account, comment, encryption
/// │  ├─ images       id, name UNIQUE per repository, path UNIQUE per account (the catalog)
/// │  │  ├─ manifests (+ manifest_blobs, manifest_children), tags
/// │  ├─ blob_links   PK (repository_id, digest) → blobs (digest PK, size; shared by every account)
/// │  └─ uploads
/// ├─ databases → schemas → authentication_policies, future_grants
/// ├─ roles → role_edges; users → user_roles, access_tokens, sessions, refresh_tokens
/// └─ grants          one row per (object, privilege, grantee role); OWNERSHIP at most one row per object
/// signing_keys       at most one active key
/// security_integrations  id, name UNIQUE per account, settings (JSON text)   (step 5)
/// data_protection_keys   friendly_name PK, xml, created_on: the console's key ring   (step 7)
/// </code>
/// Differences that keep SQLite's behaviour on PostgreSQL: every text column is <c>COLLATE "C"</c>
/// (byte order, case-sensitive, like SQLite's BINARY), so names sort and compare ordinally whatever the
/// database's locale; ids are identity columns, never reused (SQLite's AUTOINCREMENT); flags are 0/1
/// <c>bigint</c> and timestamps Unix milliseconds, as in SQLite. Deleting a row deletes everything
/// below it (<c>ON DELETE CASCADE</c>); a policy in use by the account or a user has no action (the
/// store answers "in use" first); grantors become NULL when they go.
/// </summary>
internal static partial class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "Initial schema", InitialSchema),
        new(2, "Security version", SecurityVersion),
        new(3, "Login, query and registry history", History),
        new(4, "Blob collection", BlobCollection),
        new(5, "Security integrations; OAUTH in authentication policies", SecurityIntegrations),
        new(6, "Users' e-mail addresses", UserEmail),
        new(7, "The web console's data-protection key ring", DataProtectionKeys),
        new(8, "Registry history without the age index", LeanRegistryHistory),
    ];

    public static int LatestVersion => All[^1].Version;

    private const string InitialSchema = """
        CREATE TABLE accounts (
            id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name                     TEXT COLLATE "C" NOT NULL UNIQUE,
            created_on               BIGINT NOT NULL,
            comment                  TEXT COLLATE "C",
            is_organization_account  BIGINT NOT NULL DEFAULT 0 CHECK (is_organization_account IN (0, 1))
        );
        CREATE UNIQUE INDEX accounts_one_organization ON accounts (is_organization_account) WHERE is_organization_account = 1;

        CREATE TABLE repositories (
            id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            database_name TEXT COLLATE "C" NOT NULL,
            schema_name   TEXT COLLATE "C" NOT NULL,
            name          TEXT COLLATE "C" NOT NULL,
            created_on    BIGINT NOT NULL,
            comment       TEXT COLLATE "C",
            encryption    TEXT COLLATE "C" NOT NULL,
            UNIQUE (account_id, database_name, schema_name, name)
        );

        CREATE TABLE images (
            id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            account_id    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name          TEXT COLLATE "C" NOT NULL,
            path          TEXT COLLATE "C" NOT NULL,
            UNIQUE (repository_id, name)
        );
        CREATE UNIQUE INDEX images_by_account_path ON images (account_id, path);

        CREATE TABLE blobs (
            digest TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            size   BIGINT NOT NULL
        );

        CREATE TABLE blob_links (
            repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            digest        TEXT COLLATE "C" NOT NULL REFERENCES blobs (digest),
            PRIMARY KEY (repository_id, digest)
        );
        CREATE INDEX blob_links_by_digest ON blob_links (digest);

        CREATE TABLE manifests (
            image_id         BIGINT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
            digest           TEXT COLLATE "C" NOT NULL,
            media_type       TEXT COLLATE "C" NOT NULL,
            artifact_type    TEXT COLLATE "C",
            subject          TEXT COLLATE "C",
            size             BIGINT NOT NULL,
            body             BYTEA  NOT NULL,
            annotations_json TEXT COLLATE "C",
            created_on       BIGINT NOT NULL,
            PRIMARY KEY (image_id, digest)
        );
        CREATE INDEX manifests_by_subject ON manifests (image_id, subject, digest) WHERE subject IS NOT NULL;

        CREATE TABLE manifest_blobs (
            image_id        BIGINT NOT NULL,
            manifest_digest TEXT COLLATE "C" NOT NULL,
            blob_digest     TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (image_id, manifest_digest, blob_digest),
            FOREIGN KEY (image_id, manifest_digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        );
        CREATE INDEX manifest_blobs_by_blob ON manifest_blobs (blob_digest);

        CREATE TABLE manifest_children (
            image_id        BIGINT NOT NULL,
            manifest_digest TEXT COLLATE "C" NOT NULL,
            child_digest    TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (image_id, manifest_digest, child_digest),
            FOREIGN KEY (image_id, manifest_digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        );
        CREATE INDEX manifest_children_by_child ON manifest_children (child_digest);

        CREATE TABLE tags (
            image_id   BIGINT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
            name       TEXT COLLATE "C" NOT NULL,
            digest     TEXT COLLATE "C" NOT NULL,
            updated_on BIGINT NOT NULL,
            PRIMARY KEY (image_id, name),
            FOREIGN KEY (image_id, digest) REFERENCES manifests (image_id, digest) ON DELETE CASCADE
        );
        CREATE INDEX tags_by_manifest ON tags (image_id, digest);

        CREATE TABLE uploads (
            id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
            image         TEXT COLLATE "C" NOT NULL,
            principal     TEXT COLLATE "C",
            started_on    BIGINT NOT NULL,
            updated_on    BIGINT NOT NULL
        );
        CREATE INDEX uploads_by_updated_on ON uploads (updated_on);
        CREATE INDEX uploads_by_repository ON uploads (repository_id);

        CREATE TABLE databases (
            id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT COLLATE "C" NOT NULL,
            comment    TEXT COLLATE "C",
            created_on BIGINT NOT NULL,
            UNIQUE (account_id, name)
        );

        CREATE TABLE schemas (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            database_id BIGINT NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
            name        TEXT COLLATE "C" NOT NULL,
            comment     TEXT COLLATE "C",
            created_on  BIGINT NOT NULL,
            UNIQUE (database_id, name)
        );
        CREATE INDEX schemas_by_account ON schemas (account_id);

        CREATE TABLE roles (
            id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT COLLATE "C" NOT NULL,
            comment    TEXT COLLATE "C",
            is_system  BIGINT NOT NULL CHECK (is_system IN (0, 1)),
            created_on BIGINT NOT NULL,
            UNIQUE (account_id, name)
        );

        CREATE TABLE role_edges (
            parent_role_id     BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            child_role_id      BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            granted_by_role_id BIGINT REFERENCES roles (id) ON DELETE SET NULL,
            created_on         BIGINT NOT NULL,
            PRIMARY KEY (parent_role_id, child_role_id),
            CHECK (parent_role_id <> child_role_id)
        );
        CREATE INDEX role_edges_by_child ON role_edges (child_role_id, parent_role_id);
        CREATE INDEX role_edges_by_grantor ON role_edges (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE authentication_policies (
            id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            schema_id  BIGINT NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
            name       TEXT COLLATE "C" NOT NULL,
            methods    BIGINT NOT NULL CHECK (methods BETWEEN 1 AND 7),
            comment    TEXT COLLATE "C",
            created_on BIGINT NOT NULL,
            UNIQUE (schema_id, name)
        );
        CREATE INDEX authentication_policies_by_account ON authentication_policies (account_id);

        CREATE TABLE users (
            id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id               BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name                     TEXT COLLATE "C" NOT NULL,
            login_name               TEXT COLLATE "C" NOT NULL,
            password_hash            TEXT COLLATE "C",
            type                     TEXT COLLATE "C" NOT NULL CHECK (type IN ('PERSON', 'SERVICE')),
            default_role             TEXT COLLATE "C",
            rsa_public_key           TEXT COLLATE "C",
            rsa_public_key_fp        TEXT COLLATE "C",
            disabled                 BIGINT NOT NULL CHECK (disabled IN (0, 1)),
            comment                  TEXT COLLATE "C",
            authentication_policy_id BIGINT REFERENCES authentication_policies (id),
            created_on               BIGINT NOT NULL,
            UNIQUE (account_id, name),
            UNIQUE (account_id, login_name),
            CHECK ((rsa_public_key IS NULL) = (rsa_public_key_fp IS NULL))
        );
        CREATE INDEX users_by_policy ON users (authentication_policy_id) WHERE authentication_policy_id IS NOT NULL;

        ALTER TABLE accounts ADD COLUMN authentication_policy_id BIGINT REFERENCES authentication_policies (id);
        CREATE INDEX accounts_by_policy ON accounts (authentication_policy_id) WHERE authentication_policy_id IS NOT NULL;

        CREATE TABLE user_roles (
            user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role_id            BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            granted_by_role_id BIGINT REFERENCES roles (id) ON DELETE SET NULL,
            created_on         BIGINT NOT NULL,
            PRIMARY KEY (user_id, role_id)
        );
        CREATE INDEX user_roles_by_role ON user_roles (role_id, user_id);
        CREATE INDEX user_roles_by_grantor ON user_roles (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE grants (
            id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id         BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            object_type        TEXT COLLATE "C" NOT NULL,
            database_id        BIGINT REFERENCES databases (id) ON DELETE CASCADE,
            schema_id          BIGINT REFERENCES schemas (id) ON DELETE CASCADE,
            repository_id      BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
            role_object_id     BIGINT REFERENCES roles (id) ON DELETE CASCADE,
            user_object_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
            policy_id          BIGINT REFERENCES authentication_policies (id) ON DELETE CASCADE,
            object_id          BIGINT NOT NULL GENERATED ALWAYS AS
                (coalesce(database_id, schema_id, repository_id, role_object_id, user_object_id, policy_id, account_id)) STORED,
            privilege          TEXT COLLATE "C" NOT NULL,
            grantee_role_id    BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            grant_option       BIGINT NOT NULL CHECK (grant_option IN (0, 1)),
            granted_by_role_id BIGINT REFERENCES roles (id) ON DELETE SET NULL,
            created_on         BIGINT NOT NULL,
            UNIQUE (object_type, object_id, privilege, grantee_role_id),
            CHECK (object_type IN ('ACCOUNT', 'DATABASE', 'SCHEMA', 'IMAGE REPOSITORY', 'ROLE', 'USER', 'AUTHENTICATION POLICY')
                AND (object_type = 'DATABASE') = (database_id IS NOT NULL)
                AND (object_type = 'SCHEMA') = (schema_id IS NOT NULL)
                AND (object_type = 'IMAGE REPOSITORY') = (repository_id IS NOT NULL)
                AND (object_type = 'ROLE') = (role_object_id IS NOT NULL)
                AND (object_type = 'USER') = (user_object_id IS NOT NULL)
                AND (object_type = 'AUTHENTICATION POLICY') = (policy_id IS NOT NULL))
        );
        CREATE UNIQUE INDEX grants_one_owner ON grants (object_type, object_id) WHERE privilege = 'OWNERSHIP';
        CREATE INDEX grants_by_grantee ON grants (grantee_role_id, object_type, object_id);
        CREATE INDEX grants_by_account ON grants (account_id);
        CREATE INDEX grants_by_grantor ON grants (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;
        CREATE INDEX grants_by_database ON grants (database_id) WHERE database_id IS NOT NULL;
        CREATE INDEX grants_by_schema ON grants (schema_id) WHERE schema_id IS NOT NULL;
        CREATE INDEX grants_by_repository ON grants (repository_id) WHERE repository_id IS NOT NULL;
        CREATE INDEX grants_by_role_object ON grants (role_object_id) WHERE role_object_id IS NOT NULL;
        CREATE INDEX grants_by_user_object ON grants (user_object_id) WHERE user_object_id IS NOT NULL;
        CREATE INDEX grants_by_policy ON grants (policy_id) WHERE policy_id IS NOT NULL;

        CREATE TABLE future_grants (
            id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id         BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            schema_id          BIGINT NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
            object_type        TEXT COLLATE "C" NOT NULL CHECK (object_type = 'IMAGE REPOSITORY'),
            privilege          TEXT COLLATE "C" NOT NULL,
            grantee_role_id    BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            grant_option       BIGINT NOT NULL CHECK (grant_option IN (0, 1)),
            granted_by_role_id BIGINT REFERENCES roles (id) ON DELETE SET NULL,
            created_on         BIGINT NOT NULL,
            UNIQUE (schema_id, object_type, privilege, grantee_role_id)
        );
        CREATE UNIQUE INDEX future_grants_one_owner ON future_grants (schema_id, object_type) WHERE privilege = 'OWNERSHIP';
        CREATE INDEX future_grants_by_grantee ON future_grants (grantee_role_id);
        CREATE INDEX future_grants_by_account ON future_grants (account_id);
        CREATE INDEX future_grants_by_grantor ON future_grants (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE access_tokens (
            id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id          BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name                TEXT COLLATE "C" NOT NULL,
            token_hash          TEXT COLLATE "C" NOT NULL UNIQUE,
            role_restriction_id BIGINT REFERENCES roles (id) ON DELETE CASCADE,
            comment             TEXT COLLATE "C",
            created_on          BIGINT NOT NULL,
            expires_on          BIGINT NOT NULL,
            UNIQUE (user_id, name)
        );
        CREATE INDEX access_tokens_by_account ON access_tokens (account_id);
        CREATE INDEX access_tokens_by_role ON access_tokens (role_restriction_id) WHERE role_restriction_id IS NOT NULL;

        CREATE TABLE sessions (
            token_hash       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            account_id       BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role             TEXT COLLATE "C",
            database_name    TEXT COLLATE "C",
            schema_name      TEXT COLLATE "C",
            secondary_roles  TEXT COLLATE "C" NOT NULL CHECK (secondary_roles IN ('ALL', 'NONE')),
            created_on       BIGINT NOT NULL,
            expires_on       BIGINT NOT NULL,
            role_restriction TEXT COLLATE "C"
        );
        CREATE INDEX sessions_by_account ON sessions (account_id);
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE INDEX sessions_by_expiry ON sessions (expires_on);

        CREATE TABLE signing_keys (
            key_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            algorithm   TEXT COLLATE "C" NOT NULL,
            private_key BYTEA  NOT NULL,
            created_on  BIGINT NOT NULL,
            retired_on  BIGINT
        );
        CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((retired_on IS NULL)) WHERE retired_on IS NULL;

        CREATE TABLE refresh_tokens (
            token_hash          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            account_id          BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role_restriction_id BIGINT REFERENCES roles (id) ON DELETE CASCADE,
            created_on          BIGINT NOT NULL,
            expires_on          BIGINT NOT NULL
        );
        CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
        CREATE INDEX refresh_tokens_by_role ON refresh_tokens (role_restriction_id) WHERE role_restriction_id IS NOT NULL;
        """;
}

/// <summary>One schema step: the SQL that takes a database from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
internal sealed record Migration(int Version, string Description, string Sql);
