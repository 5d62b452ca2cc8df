using BenchmarkDotNet.Attributes;
using Floe.Core.Metadata.History;
using Floe.Metadata.Sqlite;

namespace Floe.Benchmarks.History;

/// <summary>
/// The background half of recording pulls: one history batch of <see cref="Rows"/> pull events written
/// to SQLite in one transaction, as the history writer does every quarter second under load. The table
/// grows through the run, as it does in service. The time is wall time, mostly the commit's fsync, so it
/// shows what a batch waits for and what the driver allocates, not a row's CPU cost (that is measured
/// inside a loaded server; docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class SqliteHistoryWriteBenchmarks
{
    [Params(1000, 5000)]
    public int Rows { get; set; }

    private string directory = string.Empty;
    private SqliteMetadataStore? store;
    private HistoryBatch batch = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "floe-bench-history-" + Guid.NewGuid().ToString("N"));
        store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(directory, "metadata.db") }, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        long account = (await store.EnsureAccountAsync("DEV", CancellationToken.None)).Id;
        DateTimeOffset start = DateTimeOffset.UtcNow;
        batch = new HistoryBatch([], [], Enumerable.Range(0, Rows).Select(i => new RegistryEvent(
            account, start.AddMilliseconds(i / 4), "ADMIN", null, "pull", "BENCH_DB.BENCH_SCHEMA.BENCH_REPO", "app", "latest",
            "sha256:" + new string('a', 64), "127.0.0.1")).ToList());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public ValueTask AppendPulls() => store!.AppendHistoryAsync(batch, CancellationToken.None);
}
