namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 7: the history of logins, statements and registry requests, read by the SQL table functions
/// LOGIN_HISTORY, QUERY_HISTORY and REGISTRY_HISTORY and pruned by retention.
/// <code>
/// login_history     id PK, account_id → accounts, event_timestamp, user_name, client_ip, client_type,
///                   first_authentication_factor, is_success, error_code, error_message
/// query_history     id PK, account_id → accounts, query_id UNIQUE, query_text (secrets masked),
///                   query_type, user_name, role_name, database_name, schema_name, execution_status,
///                   error_code, error_message, start_time, end_time, rows_produced
/// registry_history  id PK, account_id → accounts, event_timestamp, user_name, role_name, action,
///                   repository, image, tag, digest, client_ip
/// </code>
/// Each table is indexed by (account_id, time) and (account_id, user_name, time) for the newest-first
/// reads, and by time alone for pruning. User names are text, not references: a login attempt may name
/// no user, and history outlives a dropped user.
/// </summary>
internal static partial class Migrations
{
    private const string History = """
        CREATE TABLE login_history (
            id                          INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id                  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            event_timestamp             INTEGER NOT NULL,
            user_name                   TEXT    NOT NULL,
            client_ip                   TEXT,
            client_type                 TEXT    NOT NULL,
            first_authentication_factor TEXT    NOT NULL,
            is_success                  INTEGER NOT NULL,
            error_code                  TEXT,
            error_message               TEXT
        ) STRICT;
        CREATE INDEX login_history_by_time ON login_history (account_id, event_timestamp);
        CREATE INDEX login_history_by_user ON login_history (account_id, user_name, event_timestamp);
        CREATE INDEX login_history_by_age ON login_history (event_timestamp);

        CREATE TABLE query_history (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            query_id         TEXT    NOT NULL UNIQUE,
            query_text       TEXT    NOT NULL,
            query_type       TEXT    NOT NULL,
            user_name        TEXT    NOT NULL,
            role_name        TEXT,
            database_name    TEXT,
            schema_name      TEXT,
            execution_status TEXT    NOT NULL,
            error_code       TEXT,
            error_message    TEXT,
            start_time       INTEGER NOT NULL,
            end_time         INTEGER NOT NULL,
            rows_produced    INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX query_history_by_time ON query_history (account_id, end_time);
        CREATE INDEX query_history_by_user ON query_history (account_id, user_name, end_time);
        CREATE INDEX query_history_by_age ON query_history (end_time);

        CREATE TABLE registry_history (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            event_timestamp INTEGER NOT NULL,
            user_name       TEXT    NOT NULL,
            role_name       TEXT,
            action          TEXT    NOT NULL,
            repository      TEXT    NOT NULL,
            image           TEXT    NOT NULL,
            tag             TEXT,
            digest          TEXT    NOT NULL,
            client_ip       TEXT
        ) STRICT;
        CREATE INDEX registry_history_by_time ON registry_history (account_id, event_timestamp);
        CREATE INDEX registry_history_by_user ON registry_history (account_id, user_name, event_timestamp);
        CREATE INDEX registry_history_by_age ON registry_history (event_timestamp);
        """;
}
