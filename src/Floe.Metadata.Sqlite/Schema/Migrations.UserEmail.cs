namespace Floe.Metadata.Sqlite.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 10: a user's e-mail address (<c>EMAIL</c>), which an identity provider's token can be mapped to
    /// (<c>EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'EMAIL_ADDRESS'</c>).
    /// <code>
    /// users   + email: as given, NULL when none
    /// </code>
    /// </summary>
    private const string UserEmail = """
        ALTER TABLE users ADD COLUMN email TEXT;
        """;
}
