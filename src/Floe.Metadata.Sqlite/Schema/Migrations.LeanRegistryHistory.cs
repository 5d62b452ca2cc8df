namespace Floe.Metadata.Sqlite.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 12: a cheaper row in <c>registry_history</c>, which takes one row per registry request (every
    /// pull), so its write cost is part of a pull's. The age index goes: retention prunes each account
    /// through <c>registry_history_by_time</c> (account, time) instead. The id becomes a plain rowid
    /// (no AUTOINCREMENT, which updates <c>sqlite_sequence</c> on every insert): it only orders events
    /// with the same timestamp, and new rows still get ids above every row kept. The other history
    /// tables take a row per login or statement, far fewer, and stay as step 7 made them.
    /// </summary>
    private const string LeanRegistryHistory = """
        CREATE TABLE registry_history_lean (
            id              INTEGER PRIMARY KEY,
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
        INSERT INTO registry_history_lean
            (id, account_id, event_timestamp, user_name, role_name, action, repository, image, tag, digest, client_ip)
        SELECT id, account_id, event_timestamp, user_name, role_name, action, repository, image, tag, digest, client_ip
        FROM registry_history;
        DROP TABLE registry_history;
        ALTER TABLE registry_history_lean RENAME TO registry_history;
        CREATE INDEX registry_history_by_time ON registry_history (account_id, event_timestamp);
        CREATE INDEX registry_history_by_user ON registry_history (account_id, user_name, event_timestamp);
        """;
}
