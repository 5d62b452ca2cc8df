using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// One open SQLite connection with its per-connection settings applied once, and the commands it
/// has compiled. Used by one caller at a time (see <see cref="SqliteConnectionPool"/>).
/// </summary>
internal sealed class PooledConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<SqlStatement, SqliteCommand> _prepared = [];
    private readonly Dictionary<SqlStatement, PositionalStatement> _positional = [];
    private SqliteTransaction? _transaction;

    private PooledConnection(SqliteConnection connection)
    {
        _connection = connection;
    }

    public bool IsUsable => _connection.State == ConnectionState.Open && _transaction is null;

    /// <summary>Whether SQLite has a transaction open on this connection (an error may have rolled it back).</summary>
    public bool IsInTransaction => raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    /// <summary>
    /// Opens the file and applies the settings that SQLite keeps per connection: the busy timeout
    /// first (so the others wait for locks rather than fail), WAL (stored in the file, a no-op once
    /// set), <c>synchronous=FULL</c> (in WAL, NORMAL may lose the last commits on power loss, and a
    /// manifest PUT answered 201 must survive that), and foreign keys (off by default in SQLite;
    /// the cascades of DROP IMAGE REPOSITORY depend on them).
    /// </summary>
    public static PooledConnection Open(string connectionString, TimeSpan busyTimeout)
    {
        SqliteConnection connection = new(connectionString);
        try
        {
            connection.Open();
            using SqliteCommand settings = connection.CreateCommand();
            settings.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            settings.ExecuteNonQuery();
            return new PooledConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The compiled command for <paramref name="statement"/>, with no parameters and enlisted in the open transaction if any.</summary>
    public SqliteCommand Command(SqlStatement statement)
    {
        if (!_prepared.TryGetValue(statement, out SqliteCommand? command))
        {
            command = Prepare(statement.Text);
            _prepared.Add(statement, command);
        }

        command.Parameters.Clear();
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>
    /// A command that is not kept (the caller disposes it): for statements that bind large values,
    /// which a kept statement would hold on to until its next run.
    /// </summary>
    public SqliteCommand OneOffCommand(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>A statement bound by position through SQLite's own API (the caller disposes it); see <see cref="PositionalStatement"/>.</summary>
    public PositionalStatement PositionalStatement(string sql) => new(_connection.Handle!, sql);

    /// <summary>
    /// The compiled <see cref="PositionalStatement"/> for <paramref name="statement"/>, kept with the
    /// connection like <see cref="Command"/>'s: for the small reads every request makes.
    /// </summary>
    public PositionalStatement Positional(SqlStatement statement)
    {
        if (!_positional.TryGetValue(statement, out PositionalStatement? positional))
        {
            positional = new PositionalStatement(_connection.Handle!, statement.Text);
            _positional.Add(statement, positional);
        }

        return positional;
    }

    /// <summary>Starts a write transaction with <c>BEGIN IMMEDIATE</c>: the write lock is taken now, waiting up to the busy timeout.</summary>
    public SqliteTransaction BeginImmediate()
    {
        _transaction = _connection.BeginTransaction(deferred: false);
        return _transaction;
    }

    /// <summary>
    /// Rolls back unless committed. If the rollback throws, the transaction stays recorded, so
    /// <see cref="IsUsable"/> is false and the pool closes this connection instead of reusing it.
    /// </summary>
    public void EndTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        foreach (PositionalStatement positional in _positional.Values)
        {
            positional.Dispose();
        }

        _positional.Clear();
        _transaction?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        try
        {
            command.CommandText = sql;
            command.Transaction = _transaction;
            command.Prepare();
            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }
}
