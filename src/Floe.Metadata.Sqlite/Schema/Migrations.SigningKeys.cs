namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 3: the keys that sign registry tokens, shared by every node.
/// <code>
/// signing_keys   key_id PK, algorithm, private_key (PKCS#8), created_on, retired_on (NULL = active)
///                at most one active key: a partial unique index on the constant 1 where retired_on IS NULL
/// </code>
/// </summary>
internal static partial class Migrations
{
    private const string SigningKeys = """
        CREATE TABLE signing_keys (
            key_id      TEXT    NOT NULL PRIMARY KEY,
            algorithm   TEXT    NOT NULL,
            private_key BLOB    NOT NULL,
            created_on  INTEGER NOT NULL,
            retired_on  INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((1)) WHERE retired_on IS NULL;
        """;
}
