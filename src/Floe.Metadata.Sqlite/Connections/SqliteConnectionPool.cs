using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// The connections of one process to one database file. Floe pools them itself rather than
/// through Microsoft.Data.Sqlite's pool so that each connection keeps its compiled statements
/// (<see cref="PooledConnection.Command"/>) and has its PRAGMAs applied once, not on every open.
/// Writers of this process take turns here before asking SQLite for the write lock, so they
/// queue without sleeping; the busy timeout covers writers of other processes.
/// </summary>
internal sealed class SqliteConnectionPool : IDisposable
{
    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly TimeSpan _busyTimeout;
    private readonly ConcurrentStack<PooledConnection> _idle = new();
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private int _disposed;

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

    /// <summary>A connection inside a <c>BEGIN IMMEDIATE</c> transaction, after this process's earlier writers.</summary>
    public async ValueTask<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken);
        try
        {
            ConnectionLease lease = await RentAsync(cancellationToken);
            return WriteTransaction.Begin(lease, _writeTurn);
        }
        catch
        {
            _writeTurn.Release();
            throw;
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
