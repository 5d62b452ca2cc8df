using Floe.Metadata.Sqlite;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Tests.Sqlite.Connections;

/// <summary>
/// Group commit: writers that queue behind each other share one transaction and one commit, and
/// none of them returns before that commit is on disk.
/// </summary>
public sealed class SqliteConnectionPoolTests : IDisposable
{
    private static CancellationToken Token => CancellationToken.None;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-pool-");
    private readonly SqliteConnectionPool _pool;

    public SqliteConnectionPoolTests()
    {
        _pool = new SqliteConnectionPool(new SqliteMetadataOptions { DatabasePath = DatabasePath });
    }

    private string DatabasePath => Path.Combine(_directory.FullName, "metadata.db");

    public void Dispose()
    {
        _pool.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task CommitAsync_AnotherWriterQueued_ReturnsOnlyWhenTheGroupIsCommitted()
    {
        await CreateTableAsync();
        WriteTransaction first = await _pool.BeginWriteAsync(Token);
        await InsertAsync(first, "first");
        ValueTask<WriteTransaction> queued = _pool.BeginWriteAsync(Token);

        Task firstCommitted = first.CommitAsync(Token);
        using WriteTransaction second = await queued;

        Assert.False(firstCommitted.IsCompleted);
        Assert.Empty(ReadFromAnotherConnection());
        await InsertAsync(second, "second");
        await second.CommitAsync(Token);
        await firstCommitted;
        first.Dispose();
        Assert.Equal(["first", "second"], ReadFromAnotherConnection());
    }

    [Fact]
    public async Task Dispose_WriterInAGroupGivesUp_UndoesOnlyItsOwnWork()
    {
        await CreateTableAsync();
        WriteTransaction first = await _pool.BeginWriteAsync(Token);
        await InsertAsync(first, "kept");
        ValueTask<WriteTransaction> queued = _pool.BeginWriteAsync(Token);
        Task firstCommitted = first.CommitAsync(Token);

        using (WriteTransaction second = await queued)
        {
            await InsertAsync(second, "undone");
        }

        await firstCommitted;
        first.Dispose();
        Assert.Equal(["kept"], ReadFromAnotherConnection());
    }

    [Fact]
    public async Task BeginWriteAsync_ManyConcurrentWriters_EveryCommittedRowIsInTheFile()
    {
        await CreateTableAsync();
        string[] values = [.. Enumerable.Range(0, 3 * SqliteConnectionPool.MaxGroupSize).Select(i => $"v{i:D3}")];

        await Task.WhenAll(values.Select(value => Task.Run(async () =>
        {
            using WriteTransaction write = await _pool.BeginWriteAsync(Token);
            await InsertAsync(write, value);
            await write.CommitAsync(Token);
        }, Token)));

        Assert.Equal(values, ReadFromAnotherConnection());
    }

    private async Task CreateTableAsync()
    {
        using WriteTransaction write = await _pool.BeginWriteAsync(Token);
        using (SqliteCommand create = write.Connection.OneOffCommand("CREATE TABLE written (value TEXT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(Token);
        }

        await write.CommitAsync(Token);
    }

    private static async Task InsertAsync(WriteTransaction write, string value)
    {
        using SqliteCommand insert = write.Connection.OneOffCommand("INSERT INTO written (value) VALUES ($value)");
        insert.Parameters.AddWithValue("$value", value);
        await insert.ExecuteNonQueryAsync(Token);
    }

    /// <summary>What a reader outside the pool sees: only committed rows.</summary>
    private List<string> ReadFromAnotherConnection()
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM written ORDER BY value";
        using SqliteDataReader reader = select.ExecuteReader();
        List<string> values = [];
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
