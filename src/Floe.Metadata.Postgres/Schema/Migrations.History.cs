namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 3, the SQLite store's step 7: the history of logins, statements and registry requests, read by
    /// the SQL table functions and pruned by retention. User names are text, not references: a login
    /// attempt may name no user, and history outlives a dropped user.
    /// </summary>
    private const string History = """
        CREATE TABLE login_history (
            id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id                  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            event_timestamp             BIGINT NOT NULL,
            user_name                   TEXT COLLATE "C" NOT NULL,
            client_ip                   TEXT COLLATE "C",
            client_type                 TEXT COLLATE "C" NOT NULL,
            first_authentication_factor TEXT COLLATE "C" NOT NULL,
            is_success                  BIGINT NOT NULL,
            error_code                  TEXT COLLATE "C",
            error_message               TEXT COLLATE "C"
        );
        CREATE INDEX login_history_by_time ON login_history (account_id, event_timestamp);
        CREATE INDEX login_history_by_user ON login_history (account_id, user_name, event_timestamp);
        CREATE INDEX login_history_by_age ON login_history (event_timestamp);

        CREATE TABLE query_history (
            id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id       BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            query_id         TEXT COLLATE "C" NOT NULL UNIQUE,
            query_text       TEXT COLLATE "C" NOT NULL,
            query_type       TEXT COLLATE "C" NOT NULL,
            user_name        TEXT COLLATE "C" NOT NULL,
            role_name        TEXT COLLATE "C",
            database_name    TEXT COLLATE "C",
            schema_name      TEXT COLLATE "C",
            execution_status TEXT COLLATE "C" NOT NULL,
            error_code       TEXT COLLATE "C",
            error_message    TEXT COLLATE "C",
            start_time       BIGINT NOT NULL,
            end_time         BIGINT NOT NULL,
            rows_produced    BIGINT NOT NULL
        );
        CREATE INDEX query_history_by_time ON query_history (account_id, end_time);
        CREATE INDEX query_history_by_user ON query_history (account_id, user_name, end_time);
        CREATE INDEX query_history_by_age ON query_history (end_time);

        CREATE TABLE registry_history (
            id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            event_timestamp BIGINT NOT NULL,
            user_name       TEXT COLLATE "C" NOT NULL,
            role_name       TEXT COLLATE "C",
            action          TEXT COLLATE "C" NOT NULL,
            repository      TEXT COLLATE "C" NOT NULL,
            image           TEXT COLLATE "C" NOT NULL,
            tag             TEXT COLLATE "C",
            digest          TEXT COLLATE "C" NOT NULL,
            client_ip       TEXT COLLATE "C"
        );
        CREATE INDEX registry_history_by_time ON registry_history (account_id, event_timestamp);
        CREATE INDEX registry_history_by_user ON registry_history (account_id, user_name, event_timestamp);
        CREATE INDEX registry_history_by_age ON registry_history (event_timestamp);
        """;
}
