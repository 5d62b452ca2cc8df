using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// A write transaction on a rented connection. Disposing it without <see cref="CommitAsync"/>
/// rolls back; either way the connection goes back to the pool and the next writer may start.
/// </summary>
internal sealed class WriteTransaction : IDisposable
{
    private readonly ConnectionLease _lease;
    private readonly SemaphoreSlim _writeTurn;
    private readonly SqliteTransaction _transaction;

    private WriteTransaction(ConnectionLease lease, SemaphoreSlim writeTurn, SqliteTransaction transaction)
    {
        _lease = lease;
        _writeTurn = writeTurn;
        _transaction = transaction;
    }

    public PooledConnection Connection => _lease.Connection;

    /// <summary>Begins the transaction; on failure gives the lease back (the caller still holds the write turn).</summary>
    public static WriteTransaction Begin(ConnectionLease lease, SemaphoreSlim writeTurn)
    {
        try
        {
            return new WriteTransaction(lease, writeTurn, lease.Connection.BeginImmediate());
        }
        catch
        {
            lease.Connection.EndTransaction();
            lease.Dispose();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public void Dispose()
    {
        try
        {
            Connection.EndTransaction();
        }
        finally
        {
            _lease.Dispose();
            _writeTurn.Release();
        }
    }
}
