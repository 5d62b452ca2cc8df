namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 9: External OAuth security integrations, and <c>OAUTH</c> among an authentication policy's methods.
/// <code>
/// security_integrations   id PK, account_id → accounts, name, settings (JSON), created_on
///                         UNIQUE (account_id, name)
/// authentication_policies methods now BETWEEN 1 AND 15 (OAUTH is the bit 8); policies created before
///                         keep their methods, so an older "all methods" policy does not allow OAUTH
///                         until it is replaced (a new method is never granted silently)
/// </code>
/// SQLite cannot change a CHECK in place: the methods column is copied into a new one with the wider
/// check, dropped, and the new one takes its name.
/// </summary>
internal static partial class Migrations
{
    private const string SecurityIntegrations = """
        CREATE TABLE security_integrations (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT    NOT NULL,
            settings   TEXT    NOT NULL,
            created_on INTEGER NOT NULL,
            UNIQUE (account_id, name)
        ) STRICT;

        ALTER TABLE authentication_policies ADD COLUMN methods_v6 INTEGER NOT NULL DEFAULT 1 CHECK (methods_v6 BETWEEN 1 AND 15);
        UPDATE authentication_policies SET methods_v6 = methods;
        ALTER TABLE authentication_policies DROP COLUMN methods;
        ALTER TABLE authentication_policies RENAME COLUMN methods_v6 TO methods;
        """;
}
