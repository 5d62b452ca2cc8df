namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 5: a session opened with a role-restricted programmatic access token keeps the restriction
///, so <c>USE ROLE</c> and <c>USE SECONDARY ROLES ALL</c> cannot escape it.
/// <code>
/// sessions   + role_restriction: the restriction role's name, NULL for an unrestricted session
/// </code>
/// </summary>
internal static partial class Migrations
{
    private const string SessionRoleRestriction = """
        ALTER TABLE sessions ADD COLUMN role_restriction TEXT;
        """;
}
