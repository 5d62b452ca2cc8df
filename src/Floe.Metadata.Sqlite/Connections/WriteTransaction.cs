namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// One writer's transaction: a savepoint in the pool's current <see cref="CommitGroup"/>.
/// <see cref="CommitAsync"/> returns once the group's transaction is committed to disk. Disposing
/// it without <see cref="CommitAsync"/> undoes this writer's work; either way the next writer may start.
/// </summary>
internal sealed class WriteTransaction : IDisposable
{
    private readonly SqliteConnectionPool _pool;
    private readonly CommitGroup _group;
    private readonly string _savepoint;
    private bool _ended;

    private WriteTransaction(SqliteConnectionPool pool, CommitGroup group, string savepoint)
    {
        _pool = pool;
        _group = group;
        _savepoint = savepoint;
    }

    public PooledConnection Connection => _group.Connection;

    /// <summary>Starts the writer's savepoint in <paramref name="group"/>; the caller holds the write turn.</summary>
    public static WriteTransaction Begin(SqliteConnectionPool pool, CommitGroup group, string savepoint)
    {
        group.StartSavepoint(savepoint);
        return new WriteTransaction(pool, group, savepoint);
    }

    /// <summary>Keeps this writer's work, lets the next writer start, and waits until the group is committed.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        cancellationToken.ThrowIfCancellationRequested();
        _group.Join(_savepoint);
        _ended = true;
        _pool.LeaveWriteTurn();

        // Not cancellable: the commit happens or fails for the whole group, and the caller must learn which.
        await _group.Committed;
    }

    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        try
        {
            _group.RollBackTo(_savepoint);
        }
        finally
        {
            // This writer read what earlier members of the group wrote; commit that before it
            // returns, so that nothing it answers rests on writes not yet on disk.
            _pool.LeaveWriteTurn(commitNow: _group.Members > 0);
        }
    }
}
