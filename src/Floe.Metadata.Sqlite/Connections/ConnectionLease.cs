namespace Floe.Metadata.Sqlite.Connections;

/// <summary>A rented connection; disposing the lease gives it back to the pool.</summary>
internal readonly struct ConnectionLease(SqliteConnectionPool pool, PooledConnection connection) : IDisposable
{
    public PooledConnection Connection { get; } = connection;

    public void Dispose() => pool.Return(Connection);
}
