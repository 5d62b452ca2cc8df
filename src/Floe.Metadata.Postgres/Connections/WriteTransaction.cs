using System.Data;
using Npgsql;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// A SERIALIZABLE transaction on a rented connection. Disposing it without <see cref="CommitAsync"/>
/// rolls back; either way the connection goes back to the pool. A serialization failure surfaces
/// as a <see cref="PostgresException"/> that <see cref="TransactionRetry"/> answers by running the
/// whole unit of work again.
/// </summary>
internal sealed class WriteTransaction : IDisposable
{
    private readonly ConnectionLease _lease;
    private readonly NpgsqlTransaction _transaction;

    private WriteTransaction(ConnectionLease lease, NpgsqlTransaction transaction)
    {
        _lease = lease;
        _transaction = transaction;
    }

    public PooledConnection Connection => _lease.Connection;

    public static async ValueTask<WriteTransaction> BeginAsync(ConnectionLease lease, CancellationToken cancellationToken)
    {
        try
        {
            return new WriteTransaction(lease, await lease.Connection.BeginAsync(IsolationLevel.Serializable, cancellationToken));
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public void Dispose() => _lease.Dispose();
}
