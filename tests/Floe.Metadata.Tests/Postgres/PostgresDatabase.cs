using Floe.Metadata.Postgres;
using Floe.Metadata.Postgres.Connections;
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

    private NpgsqlDataSource? _shared;

    /// <summary>A store with a connection pool of its own, as another node has.</summary>
    internal PostgresMetadataStore OpenStore(TimeProvider clock) =>
        new(new PostgresMetadataOptions { ConnectionString = ConnectionString }, clock);

    /// <summary>
    /// A store on the pool this database keeps across the tests of a class: its server processes
    /// stay warm (catalog caches, prepared statements) instead of starting afresh for every test.
    /// </summary>
    internal PostgresMetadataStore OpenSharedStore(TimeProvider clock) =>
        new(_shared ??= PostgresConnectionPool.CreateDataSource(ConnectionString), clock);

    /// <summary>
    /// Deletes every row of every table but <c>schema_version</c>. Foreign-key triggers are off for
    /// this transaction (every table is emptied anyway), so the order of the tables does not matter;
    /// DELETE on a few rows is cheaper than TRUNCATE, which makes new files for every table and index.
    /// </summary>
    public void Empty()
    {
        using NpgsqlConnection connection = new(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using NpgsqlCommand command = new("""
            DO $$
            DECLARE name text;
            BEGIN
                SET LOCAL session_replication_role = replica;
                FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version' LOOP
                    EXECUTE format('DELETE FROM %I', name);
                END LOOP;
            END $$
            """, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _shared?.Dispose();
        PostgresServer.DropDatabase(ConnectionString);
    }
}
