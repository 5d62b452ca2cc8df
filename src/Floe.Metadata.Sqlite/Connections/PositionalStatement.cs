using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// A statement run through SQLite's own API with its values bound by position (<c>?1</c>, <c>?2</c>, …),
/// for the statements that run once per request: a pull's or a login's history row, and the version
/// reads that guard the server's caches. An ADO.NET command would create a parameter object, box the value and look the name
/// up for each value, and a reader object for each result; this binds straight into the compiled
/// statement, reads the column in place and is reset for the next use. It runs inside whatever
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

    /// <summary>
    /// Runs an <c>INSERT</c> of one row and resets it for the next values; answers <c>false</c>, leaving
    /// the transaction as it was, when a foreign key refuses the row because its parent row is gone. Any
    /// other failure throws.
    /// </summary>
    public bool TryInsert()
    {
        int result = raw.sqlite3_step(_statement);
        bool orphan = result != raw.SQLITE_DONE && raw.sqlite3_extended_errcode(_db) == raw.SQLITE_CONSTRAINT_FOREIGNKEY;
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE && !orphan)
        {
            SqliteException.ThrowExceptionForRC(result == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : result, _db);
        }

        return !orphan;
    }

    /// <summary>
    /// Runs the statement, which must return a row, and answers the first column of that row as an
    /// integer; the statement is reset either way, so it holds no read snapshot afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The statement returned no row.</exception>
    public long ReadInt64() => ReadInt64OrNull() ?? throw new InvalidOperationException("The statement returned no row.");

    /// <summary>
    /// Runs the statement and answers the first column of its first row as an integer, or <c>null</c>
    /// when it returns no row; the statement is reset either way, so it holds no read snapshot afterwards.
    /// </summary>
    public long? ReadInt64OrNull()
    {
        try
        {
            int result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_int64(_statement, 0);
            }

            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, _db);
            }

            return null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
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
