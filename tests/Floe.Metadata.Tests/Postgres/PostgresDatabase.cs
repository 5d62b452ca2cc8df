using Floe.Metadata.Postgres;
using Npgsql;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>
/// A database of its own on <see cref="PostgresServer"/>, created empty and dropped at the end, and
/// stores opened on it (several stores = several nodes). A test class shares one (xUnit class
/// fixture) and empties it before each test with <see cref="Empty"/>: creating a database per test
/// costs a second on a busy machine, emptying one a few milliseconds.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public string ConnectionString { get; } = PostgresServer.CreateDatabase();

    internal PostgresMetadataStore OpenStore(TimeProvider clock) =>
        new(new PostgresMetadataOptions { ConnectionString = ConnectionString }, clock);

    /// <summary>Deletes every row of every table but <c>schema_version</c> (no table yet: nothing to do).</summary>
    public void Empty()
    {
        using NpgsqlConnection connection = new(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using NpgsqlCommand command = new("""
            DO $$
            DECLARE tables text;
            BEGIN
                SELECT string_agg(format('%I', tablename), ', ') INTO tables
                FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version';
                IF tables IS NOT NULL THEN
                    EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
                END IF;
            END $$
            """, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose() => PostgresServer.DropDatabase(ConnectionString);
}
