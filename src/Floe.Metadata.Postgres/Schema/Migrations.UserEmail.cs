namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>Step 6, SQLite's step 10: a user's e-mail address (<c>EMAIL</c>), which an identity provider's token can be mapped to.</summary>
    private const string UserEmail = """
        ALTER TABLE users ADD COLUMN email TEXT COLLATE "C";
        """;
}
