using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Tests.Sqlite.Connections;

/// <summary>
/// The statement a pull's history row goes through: values bound by position land in their columns
/// (NULL included), the statement runs again with new values, it writes inside the connection's open
/// transaction, and a failing row surfaces as <see cref="SqliteException"/> without spoiling the next.
/// </summary>
public sealed class PositionalStatementTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-positional-");
    private readonly PooledConnection _connection;

    public PositionalStatementTests()
    {
        _connection = PooledConnection.Open($"Data Source={Path.Combine(_directory.FullName, "test.db")};Pooling=False", TimeSpan.FromSeconds(5));
        using SqliteCommand create = _connection.OneOffCommand("CREATE TABLE rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, name TEXT NOT NULL, note TEXT)");
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public void Execute_SeveralRows_EachValueInItsColumn()
    {
        using (PositionalStatement insert = _connection.PositionalStatement("INSERT INTO rows (n, name, note) VALUES (?1, ?2, ?3)"))
        {
            insert.Bind(1, 7).Bind(2, "säge ✓").Bind(3, "first").Execute();
            insert.Bind(1, long.MaxValue).Bind(2, "second").Bind(3, null).Execute();
        }

        Assert.Equal([(7L, "säge ✓", "first"), (long.MaxValue, "second", null)], ReadRows());
    }

    [Fact]
    public void Execute_InsideATransactionRolledBack_LeavesNothing()
    {
        _connection.BeginImmediate();
        using (PositionalStatement insert = _connection.PositionalStatement("INSERT INTO rows (n, name) VALUES (?1, ?2)"))
        {
            insert.Bind(1, 1).Bind(2, "rolled back").Execute();
        }

        _connection.EndTransaction();

        Assert.Empty(ReadRows());
    }

    [Fact]
    public void Execute_RowBreaksAConstraint_ThrowsSqliteExceptionAndTheNextRowIsWritten()
    {
        using PositionalStatement insert = _connection.PositionalStatement("INSERT INTO rows (n, name) VALUES (?1, ?2)");

        SqliteException error = Assert.Throws<SqliteException>(() => insert.Bind(1, 1).Bind(2, null).Execute());
        insert.Bind(1, 2).Bind(2, "after").Execute();

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal([(2L, "after", null)], ReadRows());
    }

    [Fact]
    public void TryInsert_ParentRowGone_AnswersFalseAndTheTransactionKeepsTheOtherRows()
    {
        using (SqliteCommand create = _connection.OneOffCommand("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY);
            INSERT INTO parents (id) VALUES (1);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), name TEXT NOT NULL)
            """))
        {
            create.ExecuteNonQuery();
        }

        SqliteTransaction transaction = _connection.BeginImmediate();
        bool[] written;
        using (PositionalStatement insert = _connection.PositionalStatement("INSERT INTO children (parent_id, name) VALUES (?1, ?2)"))
        {
            written = [insert.Bind(1, 1).Bind(2, "kept").TryInsert(), insert.Bind(1, 2).Bind(2, "orphan").TryInsert(), insert.Bind(1, 1).Bind(2, "also kept").TryInsert()];
            Assert.Throws<SqliteException>(() => insert.Bind(1, 1).Bind(2, null).TryInsert());
        }

        transaction.Commit();
        _connection.EndTransaction();

        using SqliteCommand select = _connection.OneOffCommand("SELECT group_concat(name, ',') FROM (SELECT name FROM children ORDER BY id)");
        Assert.Equal([true, false, true], written);
        Assert.Equal("kept,also kept", select.ExecuteScalar());
    }

    [Fact]
    public void PositionalStatement_SqlDoesNotCompile_ThrowsSqliteException()
    {
        SqliteException error = Assert.Throws<SqliteException>(() => _connection.PositionalStatement("INSERT INTO missing VALUES (?1)"));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadInt64_KeptStatement_SeesEachCommitAndLeavesNoReadSnapshotBehind()
    {
        SqlStatement count = new("SELECT count(*) FROM rows");
        using PooledConnection writer = PooledConnection.Open($"Data Source={Path.Combine(_directory.FullName, "test.db")};Pooling=False", TimeSpan.FromSeconds(5));
        using PositionalStatement insert = writer.PositionalStatement("INSERT INTO rows (n, name) VALUES (?1, ?2)");

        long before = _connection.Positional(count).ReadInt64();
        insert.Bind(1, 1).Bind(2, "one").Execute();
        long after = _connection.Positional(count).ReadInt64();
        using SqliteCommand checkpoint = writer.OneOffCommand("PRAGMA wal_checkpoint(TRUNCATE)");
        using SqliteDataReader result = checkpoint.ExecuteReader();

        Assert.Same(_connection.Positional(count), _connection.Positional(count));
        Assert.Equal((0L, 1L), (before, after));
        Assert.True(result.Read());
        Assert.Equal(0L, result.GetInt64(0)); // not blocked: no reader still holds a snapshot of the file
    }

    [Fact]
    public void ReadInt64_NoRow_ThrowsAndTheStatementStillReads()
    {
        SqlStatement first = new("SELECT n FROM rows ORDER BY id LIMIT 1");

        Assert.Throws<InvalidOperationException>(() => _connection.Positional(first).ReadInt64());
        using (PositionalStatement insert = _connection.PositionalStatement("INSERT INTO rows (n, name) VALUES (?1, ?2)"))
        {
            insert.Bind(1, 42).Bind(2, "answer").Execute();
        }

        Assert.Equal(42L, _connection.Positional(first).ReadInt64());
    }

    private List<(long N, string Name, string? Note)> ReadRows()
    {
        using SqliteCommand select = _connection.OneOffCommand("SELECT n, name, note FROM rows ORDER BY id");
        using SqliteDataReader reader = select.ExecuteReader();
        List<(long, string, string?)> rows = [];
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }
}
