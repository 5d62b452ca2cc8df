using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// One SQLite write transaction that the writers of this process share while they queue for it:
/// group commit. Each writer's work runs in a savepoint of the group's transaction (undone alone
/// when that writer gives up); the group commits once, with one WAL fsync under
/// <c>synchronous=FULL</c>, when no writer waits any more or the group is full. No writer of the
/// group returns before that commit has returned, so a write answered as done is on disk exactly as
/// when each writer committed alone; if the commit fails, every writer of the group gets the error.
/// Used only by the writer holding the pool's write turn.
/// </summary>
internal sealed class CommitGroup
{
    private readonly ConnectionLease _lease;
    private readonly SqliteTransaction _transaction;
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _broken;

    private CommitGroup(ConnectionLease lease, SqliteTransaction transaction)
    {
        _lease = lease;
        _transaction = transaction;
    }

    public PooledConnection Connection => _lease.Connection;

    /// <summary>Writers whose work is in the transaction, waiting for <see cref="Committed"/>.</summary>
    public int Members { get; private set; }

    /// <summary>Set when an error ended the shared transaction: the group can only fail now.</summary>
    public bool IsBroken => _broken is not null;

    /// <summary>Completes when the group's transaction is committed; faults with the error if it is not.</summary>
    public Task Committed => _committed.Task;

    /// <summary>Begins the group's transaction with <c>BEGIN IMMEDIATE</c>; on failure gives the lease back.</summary>
    public static CommitGroup Begin(ConnectionLease lease)
    {
        try
        {
            return new CommitGroup(lease, lease.Connection.BeginImmediate());
        }
        catch
        {
            lease.Connection.EndTransaction();
            lease.Dispose();
            throw;
        }
    }

    public void StartSavepoint(string name) => _transaction.Save(name);

    /// <summary>Keeps the writer's work in the group; it is committed with the group.</summary>
    public void Join(string savepoint)
    {
        _transaction.Release(savepoint);
        Members++;
    }

    /// <summary>
    /// Undoes the writer's work and nothing else. An error that already ended the whole transaction
    /// (SQLite rolls back on a full disk or an I/O error) breaks the group: its members are not
    /// committed and learn so from <see cref="Committed"/>.
    /// </summary>
    public void RollBackTo(string savepoint)
    {
        if (!Connection.IsInTransaction)
        {
            _broken ??= new InvalidOperationException("The shared write transaction ended with an error before it was committed.");
            return;
        }

        try
        {
            _transaction.Rollback(savepoint);
            _transaction.Release(savepoint);
        }
        catch (SqliteException error)
        {
            _broken ??= error;
        }
    }

    /// <summary>Commits the members' work (rolls back when there is none), completes <see cref="Committed"/> and gives the connection back.</summary>
    public void Finish()
    {
        try
        {
            if (_broken is not null)
            {
                _committed.SetException(_broken);
            }
            else if (Members == 0)
            {
                _transaction.Rollback();
                _committed.SetResult();
            }
            else
            {
                _transaction.Commit();
                _committed.SetResult();
            }
        }
        catch (SqliteException error)
        {
            _committed.TrySetException(error);
        }
        finally
        {
            try
            {
                Connection.EndTransaction();
            }
            finally
            {
                _lease.Dispose();
            }
        }
    }
}
