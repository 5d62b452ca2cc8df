using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// The connections of one process to one database file. Floe pools them itself rather than
/// through Microsoft.Data.Sqlite's pool so that each connection keeps its compiled statements
/// (<see cref="PooledConnection.Command"/>) and has its PRAGMAs applied once, not on every open.
/// Writers of this process take turns here before asking SQLite for the write lock, so they
/// queue without sleeping; the busy timeout covers writers of other processes. Writers that queue
/// behind each other share one transaction and one commit (<see cref="CommitGroup"/>).
/// </summary>
internal sealed class SqliteConnectionPool : IDisposable
{
    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly TimeSpan _busyTimeout;
    private readonly ConcurrentStack<PooledConnection> _idle = new();
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private CommitGroup? _group;
    private int _waitingWriters;
    private long _savepoints;
    private int _disposed;

    /// <summary>
    /// The most writers one commit covers. Under a steady stream of writers a group would otherwise
    /// never close, and its first writer would wait for ever.
    /// </summary>
    internal const int MaxGroupSize = 64;

    public SqliteConnectionPool(SqliteMetadataOptions options)
    {
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _busyTimeout = options.BusyTimeout;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>A connection for this caller alone until the lease is disposed; waits while all are in use.</summary>
    public async ValueTask<ConnectionLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            PooledConnection connection = _idle.TryPop(out PooledConnection? idle) ? idle : OpenConnection();
            return new ConnectionLease(this, connection);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>
    /// A write transaction after this process's earlier writers: a savepoint in the open commit
    /// group when writers queued before this one, else in a new <c>BEGIN IMMEDIATE</c> transaction.
    /// </summary>
    public async ValueTask<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _waitingWriters);
        try
        {
            // Not cancellable: a writer leaving the turn keeps the group open for the writers it has
            // counted as waiting, so each of them must come and take the turn.
            await _writeTurn.WaitAsync(CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWriters);
        }

        try
        {
            if (_group is null)
            {
                ConnectionLease lease = await RentAsync(cancellationToken);
                _group = CommitGroup.Begin(lease);
            }

            return WriteTransaction.Begin(this, _group, "w" + (++_savepoints).ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            LeaveWriteTurn();
            throw;
        }
    }

    /// <summary>
    /// Called by the writer holding the turn when it is done: commits the group when no other writer
    /// waits (or the group is full or broken, or <paramref name="commitNow"/>), else leaves it open
    /// for the next one; then passes the turn.
    /// </summary>
    internal void LeaveWriteTurn(bool commitNow = false)
    {
        try
        {
            CommitGroup? group = _group;
            if (group is not null && (commitNow || group.IsBroken || group.Members >= MaxGroupSize || Volatile.Read(ref _waitingWriters) == 0))
            {
                _group = null;
                group.Finish();
            }
        }
        finally
        {
            _writeTurn.Release();
        }
    }

    internal void Return(PooledConnection connection)
    {
        if (connection.IsUsable)
        {
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }

        _slots.Release();

        // A connection pushed after Dispose drained the stack would stay open; drain again.
        if (Volatile.Read(ref _disposed) != 0)
        {
            CloseIdleConnections();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CloseIdleConnections();
        }
    }

    private PooledConnection OpenConnection()
    {
        string? directory = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return PooledConnection.Open(_connectionString, _busyTimeout);
    }

    private void CloseIdleConnections()
    {
        while (_idle.TryPop(out PooledConnection? connection))
        {
            connection.Dispose();
        }
    }
}
