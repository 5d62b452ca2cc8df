namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 2: the control plane. Every table hangs off <c>accounts</c>:
/// <code>
/// accounts           + comment, is_organization_account (at most one), authentication_policy_id
/// ├─ databases       id PK, name, comment, created_on; UNIQUE (account_id, name)
/// │  └─ schemas      id PK, database_id → databases, name; UNIQUE (database_id, name)
/// │     ├─ authentication_policies  id PK, schema_id → schemas, name, methods (bit set); UNIQUE (schema_id, name)
/// │     └─ future_grants            schema_id → schemas, object_type, privilege, grantee_role_id → roles
/// ├─ repositories    (step 1) − owner_role: ownership is a grants row. A repository belongs to the
/// │                  schema named by (database_name, schema_name): dropping a schema or database
/// │                  deletes its repositories by those names (there is no RENAME).
/// ├─ roles           id PK, name, comment, is_system; UNIQUE (account_id, name)
/// │  └─ role_edges   PK (parent_role_id, child_role_id): "GRANT ROLE child TO ROLE parent"
/// ├─ users           id PK, name, login_name, password_hash, type, default_role, rsa_public_key(+_fp),
/// │  │               disabled, comment, authentication_policy_id; UNIQUE (account_id, name), (account_id, login_name)
/// │  ├─ user_roles   PK (user_id, role_id): "GRANT ROLE role TO USER user"
/// │  ├─ access_tokens  id PK, name UNIQUE per user, token_hash UNIQUE, role_restriction_id → roles
/// │  └─ sessions     token_hash PK, role/database/schema names, secondary_roles, expires_on
/// └─ grants          one row per (object, privilege, grantee role): the object is one typed column
///                    (database_id | schema_id | repository_id | role_object_id | user_object_id |
///                    policy_id, none for the account itself), each a cascading foreign key, and
///                    object_id is generated from them; OWNERSHIP is at most one row per object.
/// </code>
/// Deleting an object deletes the grants on it, the grants held by it (a role) and everything below
/// it through <c>ON DELETE CASCADE</c>; <c>granted_by_role_id</c> becomes NULL when the grantor goes.
/// A policy set on the account or a user cannot be deleted (the foreign key has no action: the store
/// answers "in use" first). Every lookup of the registry and the authorizer has an index.
/// </summary>
internal static partial class Migrations
{
    private const string ControlPlane = """
        ALTER TABLE repositories DROP COLUMN owner_role;

        CREATE TABLE databases (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            comment    TEXT,
            created_on INTEGER NOT NULL,
            UNIQUE (account_id, name)
        ) STRICT;

        CREATE TABLE schemas (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            database_id INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
            name        TEXT    NOT NULL,
            comment     TEXT,
            created_on  INTEGER NOT NULL,
            UNIQUE (database_id, name)
        ) STRICT;
        CREATE INDEX schemas_by_account ON schemas (account_id);

        CREATE TABLE roles (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            comment    TEXT,
            is_system  INTEGER NOT NULL,
            created_on INTEGER NOT NULL,
            UNIQUE (account_id, name)
        ) STRICT;

        CREATE TABLE role_edges (
            parent_role_id     INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            child_role_id      INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            granted_by_role_id INTEGER REFERENCES roles (id) ON DELETE SET NULL,
            created_on         INTEGER NOT NULL,
            PRIMARY KEY (parent_role_id, child_role_id),
            CHECK (parent_role_id <> child_role_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX role_edges_by_child ON role_edges (child_role_id, parent_role_id);
        CREATE INDEX role_edges_by_grantor ON role_edges (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE authentication_policies (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            schema_id  INTEGER NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            methods    INTEGER NOT NULL CHECK (methods BETWEEN 1 AND 7),
            comment    TEXT,
            created_on INTEGER NOT NULL,
            UNIQUE (schema_id, name)
        ) STRICT;
        CREATE INDEX authentication_policies_by_account ON authentication_policies (account_id);

        CREATE TABLE users (
            id                       INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id               INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name                     TEXT    NOT NULL,
            login_name               TEXT    NOT NULL,
            password_hash            TEXT,
            type                     TEXT    NOT NULL CHECK (type IN ('PERSON', 'SERVICE')),
            default_role             TEXT,
            rsa_public_key           TEXT,
            rsa_public_key_fp        TEXT,
            disabled                 INTEGER NOT NULL,
            comment                  TEXT,
            authentication_policy_id INTEGER REFERENCES authentication_policies (id),
            created_on               INTEGER NOT NULL,
            UNIQUE (account_id, name),
            UNIQUE (account_id, login_name),
            CHECK ((rsa_public_key IS NULL) = (rsa_public_key_fp IS NULL))
        ) STRICT;
        CREATE INDEX users_by_policy ON users (authentication_policy_id) WHERE authentication_policy_id IS NOT NULL;

        ALTER TABLE accounts ADD COLUMN comment TEXT;
        ALTER TABLE accounts ADD COLUMN is_organization_account INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN authentication_policy_id INTEGER REFERENCES authentication_policies (id);
        CREATE UNIQUE INDEX accounts_one_organization ON accounts (is_organization_account) WHERE is_organization_account = 1;
        CREATE INDEX accounts_by_policy ON accounts (authentication_policy_id) WHERE authentication_policy_id IS NOT NULL;

        CREATE TABLE user_roles (
            user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role_id            INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            granted_by_role_id INTEGER REFERENCES roles (id) ON DELETE SET NULL,
            created_on         INTEGER NOT NULL,
            PRIMARY KEY (user_id, role_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX user_roles_by_role ON user_roles (role_id, user_id);
        CREATE INDEX user_roles_by_grantor ON user_roles (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE grants (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            object_type        TEXT    NOT NULL,
            database_id        INTEGER REFERENCES databases (id) ON DELETE CASCADE,
            schema_id          INTEGER REFERENCES schemas (id) ON DELETE CASCADE,
            repository_id      INTEGER REFERENCES repositories (id) ON DELETE CASCADE,
            role_object_id     INTEGER REFERENCES roles (id) ON DELETE CASCADE,
            user_object_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
            policy_id          INTEGER REFERENCES authentication_policies (id) ON DELETE CASCADE,
            object_id          INTEGER NOT NULL GENERATED ALWAYS AS
                (coalesce(database_id, schema_id, repository_id, role_object_id, user_object_id, policy_id, account_id)) VIRTUAL,
            privilege          TEXT    NOT NULL,
            grantee_role_id    INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            grant_option       INTEGER NOT NULL,
            granted_by_role_id INTEGER REFERENCES roles (id) ON DELETE SET NULL,
            created_on         INTEGER NOT NULL,
            UNIQUE (object_type, object_id, privilege, grantee_role_id),
            CHECK (object_type IN ('ACCOUNT', 'DATABASE', 'SCHEMA', 'IMAGE REPOSITORY', 'ROLE', 'USER', 'AUTHENTICATION POLICY')
                AND (object_type = 'DATABASE') = (database_id IS NOT NULL)
                AND (object_type = 'SCHEMA') = (schema_id IS NOT NULL)
                AND (object_type = 'IMAGE REPOSITORY') = (repository_id IS NOT NULL)
                AND (object_type = 'ROLE') = (role_object_id IS NOT NULL)
                AND (object_type = 'USER') = (user_object_id IS NOT NULL)
                AND (object_type = 'AUTHENTICATION POLICY') = (policy_id IS NOT NULL))
        ) STRICT;
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
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            schema_id          INTEGER NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
            object_type        TEXT    NOT NULL CHECK (object_type = 'IMAGE REPOSITORY'),
            privilege          TEXT    NOT NULL,
            grantee_role_id    INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
            grant_option       INTEGER NOT NULL,
            granted_by_role_id INTEGER REFERENCES roles (id) ON DELETE SET NULL,
            created_on         INTEGER NOT NULL,
            UNIQUE (schema_id, object_type, privilege, grantee_role_id)
        ) STRICT;
        CREATE UNIQUE INDEX future_grants_one_owner ON future_grants (schema_id, object_type) WHERE privilege = 'OWNERSHIP';
        CREATE INDEX future_grants_by_grantee ON future_grants (grantee_role_id);
        CREATE INDEX future_grants_by_account ON future_grants (account_id);
        CREATE INDEX future_grants_by_grantor ON future_grants (granted_by_role_id) WHERE granted_by_role_id IS NOT NULL;

        CREATE TABLE access_tokens (
            id                  INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name                TEXT    NOT NULL,
            token_hash          TEXT    NOT NULL UNIQUE,
            role_restriction_id INTEGER REFERENCES roles (id) ON DELETE CASCADE,
            comment             TEXT,
            created_on          INTEGER NOT NULL,
            expires_on          INTEGER NOT NULL,
            UNIQUE (user_id, name)
        ) STRICT;
        CREATE INDEX access_tokens_by_account ON access_tokens (account_id);
        CREATE INDEX access_tokens_by_role ON access_tokens (role_restriction_id) WHERE role_restriction_id IS NOT NULL;

        CREATE TABLE sessions (
            token_hash      TEXT    NOT NULL PRIMARY KEY,
            account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role            TEXT,
            database_name   TEXT,
            schema_name     TEXT,
            secondary_roles TEXT    NOT NULL CHECK (secondary_roles IN ('ALL', 'NONE')),
            created_on      INTEGER NOT NULL,
            expires_on      INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX sessions_by_account ON sessions (account_id);
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE INDEX sessions_by_expiry ON sessions (expires_on);
        """;
}
