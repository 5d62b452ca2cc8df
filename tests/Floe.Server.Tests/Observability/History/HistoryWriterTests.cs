using Floe.Core.Metadata;
using Floe.Core.Metadata.History;
using Floe.Metadata.Sqlite;
using Floe.Server.Observability.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace Floe.Server.Tests.Observability.History;

/// <summary>The background writer of history over a real SQLite store.</summary>
public sealed class HistoryWriterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-history-writer-");
    private SqliteMetadataStore _store = null!;
    private AccountRecord _account = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "m.db") }, TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
        _account = await _store.EnsureAccountAsync("DEV", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task StopAsync_EventsStillQueued_AreWrittenBeforeTheWriterStops()
    {
        HistoryOptions options = new() { HistoryFlushInterval = TimeSpan.FromHours(1) };
        HistoryRecorder recorder = new(options, TimeProvider.System);
        using HistoryWriter writer = new(recorder, _store, _store, _store, options, TimeProvider.System, NullLogger<HistoryWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        for (int i = 0; i < HistoryWriter.MaxBatch + 5; i++)
        {
            recorder.RecordLogin(new LoginEvent(_account.Id, DateTimeOffset.UtcNow, "ALICE", null, "CURL", "PASSWORD", true, null, null));
        }

        await writer.StopAsync(CancellationToken.None);

        IReadOnlyList<LoginEvent> written = await _store.ListLoginHistoryAsync(
            new HistoryFilter(_account.Id, null, null, null, 10_000), CancellationToken.None);
        Assert.Equal(HistoryWriter.MaxBatch + 5, written.Count);
    }

    [Fact]
    public async Task RecordLogin_QueueFull_DropsTheEventInsteadOfWaiting()
    {
        HistoryOptions options = new() { HistoryQueueCapacity = 2 };
        HistoryRecorder recorder = new(options, TimeProvider.System);

        for (int i = 0; i < 5; i++)
        {
            recorder.RecordLogin(new LoginEvent(_account.Id, DateTimeOffset.UtcNow, "ALICE", null, "CURL", "PASSWORD", true, null, null));
        }

        Assert.Equal(3, recorder.TakeDropped());
        using HistoryWriter writer = new(recorder, _store, _store, _store, options, TimeProvider.System, NullLogger<HistoryWriter>.Instance);
        Assert.Equal(2, await writer.FlushAsync(CancellationToken.None));
    }
}
