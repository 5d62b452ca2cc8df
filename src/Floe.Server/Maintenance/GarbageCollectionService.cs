using Floe.Server.Hosting;
using Floe.Server.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Maintenance;

/// <summary>
/// Runs the <see cref="BlobCollector"/> inside <c>floe serve</c>: once at start, then every
/// <see cref="HousekeepingOptions.GcInterval"/>, while the registry serves. Every node may run it; two
/// collections at once are safe (docs/design/gc.md). What each run removed goes to the log and /metrics.
/// </summary>
internal sealed partial class GarbageCollectionService(
    BlobCollector collector, HousekeepingOptions options, FloeMetrics metrics, TimeProvider time, ILogger<GarbageCollectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.GcInterval <= TimeSpan.Zero)
        {
            return;
        }

        using PeriodicTimer timer = new(options.GcInterval, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            CollectionSummary summary = await collector.CollectAsync(dryRun: false, cancellationToken);
            metrics.RecordCollection(summary);
            if (summary.BlobsDeleted > 0)
            {
                LogCollected(logger, summary.BlobsDeleted, summary.BytesReclaimed, summary.Skipped, summary.Duration.TotalSeconds);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed run leaves at worst marked digests, which the next run finishes; the server goes on.
            metrics.RecordFailedCollection();
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Garbage collection removed {Blobs} blob(s), reclaimed {Bytes} bytes, kept {Skipped} claimed by pushes, in {Seconds:0.###} s")]
    private static partial void LogCollected(ILogger logger, long blobs, long bytes, long skipped, double seconds);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Garbage collection failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
