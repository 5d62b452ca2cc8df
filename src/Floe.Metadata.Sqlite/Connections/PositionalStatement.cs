using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// A statement run through SQLite's own API with its values bound by position (<c>?1</c>, <c>?2</c>, …),
/// for the one insert that runs once per pull: a history row. An ADO.NET command would create a
/// parameter object, box the value and look the name up for each of its ten values on every row; this
/// binds straight into the compiled statement and is reset for the next row. It runs inside whatever
/// transaction the connection has open, and errors surface as <see cref="SqliteException"/>, as from a
/// command.
/// </summary>
internal sealed class PositionalStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public PositionalStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
    }

    public PositionalStatement Bind(int position, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, position, value));
        return this;
    }

    public PositionalStatement Bind(int position, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value));
        return this;
    }

    /// <summary>Runs the statement, which must return no row, and resets it for the next values.</summary>
    public void Execute()
    {
        int result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : result, _db);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
