namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 8, SQLite's step 12: <c>registry_history</c> (a row per pull) loses its index on time alone;
    /// retention prunes each account through <c>registry_history_by_time</c>. The id stays an identity
    /// column: a PostgreSQL sequence costs an insert nothing like SQLite's <c>sqlite_sequence</c> update.
    /// </summary>
    private const string LeanRegistryHistory = """
        DROP INDEX registry_history_by_age;
        """;
}
