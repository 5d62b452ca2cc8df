namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 4: registry refresh tokens (<c>access_type=offline</c>).
/// <code>
/// refresh_tokens   token_hash PK, account_id → accounts, user_id → users, role_restriction_id → roles,
///                  created_on, expires_on; every reference cascades, so a dropped user, role or account
///                  takes its refresh tokens along
/// </code>
/// </summary>
internal static partial class Migrations
{
    private const string RefreshTokens = """
        CREATE TABLE refresh_tokens (
            token_hash          TEXT    NOT NULL PRIMARY KEY,
            account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role_restriction_id INTEGER REFERENCES roles (id) ON DELETE CASCADE,
            created_on          INTEGER NOT NULL,
            expires_on          INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
        CREATE INDEX refresh_tokens_by_role ON refresh_tokens (role_restriction_id) WHERE role_restriction_id IS NOT NULL;
        """;
}
