namespace Floe.Metadata.Postgres.Connections;

/// <summary>A rented connection; disposing the lease gives it back to the data source's pool.</summary>
internal readonly struct ConnectionLease(PooledConnection connection) : IDisposable
{
    public PooledConnection Connection { get; } = connection;

    public void Dispose() => Connection.Dispose();
}
