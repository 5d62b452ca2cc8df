using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Hosting;

/// <summary>
/// Periodic clean-up: uploads idle for longer than <see cref="HousekeepingOptions.UploadIdleTimeout"/>
/// (their bytes and their record), what a crash left of an upload (a record whose file is gone, a file
/// whose record is gone), what a node that died while committing left in the blob store (when the store
/// can leave anything: <see cref="IIncompleteCommits"/>) and expired sessions. Every node may run it;
/// each step is idempotent.
/// </summary>
internal sealed partial class Housekeeper(
    IUploadStore uploads,
    ISessionStore sessions,
    IBlobIngester blobs,
    IBlobInventory inventory,
    IEnumerable<IIncompleteCommits> incompleteCommits,
    HousekeepingOptions options,
    TimeProvider time,
    ILogger<Housekeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(options.UploadSweepInterval, time);
        do
        {
            try
            {
                await SweepUploadsAsync(stoppingToken);
                await sessions.DeleteExpiredSessionsAsync(time.GetUtcNow(), stoppingToken);

                // Last: a store user without the right to list multipart uploads fails only this step.
                await DiscardIncompleteCommitsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed sweep is retried on the next tick; it must not stop the server.
                LogSweepFailed(logger, ex);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // the server is stopping (or never started): not a failure to log
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    /// <summary>False once the server stops, instead of the cancellation the host would log as a failure.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal async Task<int> SweepUploadsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = time.GetUtcNow() - options.UploadIdleTimeout;
        IReadOnlyList<UploadRecord> idle = await uploads.ListIdleUploadsAsync(cutoff, cancellationToken);
        foreach (UploadRecord upload in idle)
        {
            await blobs.CancelUploadAsync(upload.Id, cancellationToken);
            await uploads.DeleteUploadAsync(upload.Id, cancellationToken);
        }

        int orphans = await SweepOrphansAsync(cutoff, cancellationToken);
        if (idle.Count + orphans > 0)
        {
            LogSwept(logger, idle.Count + orphans);
        }

        return idle.Count + orphans;
    }

    /// <summary>
    /// Discards incomplete commits older than <see cref="HousekeepingOptions.UploadIdleTimeout"/>: a commit
    /// takes seconds or minutes, so one that old was left by a node that died, never one still running.
    /// </summary>
    internal async Task<int> DiscardIncompleteCommitsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = time.GetUtcNow() - options.UploadIdleTimeout;
        int discarded = 0;
        foreach (IIncompleteCommits store in incompleteCommits)
        {
            discarded += await store.DiscardIncompleteCommitsAsync(cutoff, cancellationToken);
        }

        if (discarded > 0)
        {
            LogCommitsDiscarded(logger, discarded);
        }

        return discarded;
    }

    /// <summary>
    /// Removes records whose upload file is gone, and upload files older than <paramref name="cutoff"/>
    /// that have no record. The records are read first: an upload's file is created just before its
    /// record, so a record read here has its file unless the upload has ended, and a file written after
    /// that read is young and left alone.
    /// </summary>
    private async Task<int> SweepOrphansAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        IReadOnlyList<UploadRecord> records = await uploads.ListIdleUploadsAsync(DateTimeOffset.MaxValue, cancellationToken);
        HashSet<string> recorded = new(records.Select(record => record.Id), StringComparer.Ordinal);
        HashSet<string> stored = new(StringComparer.Ordinal);
        int removed = 0;
        await foreach (StoredUpload upload in inventory.ListUploadsAsync(cancellationToken))
        {
            stored.Add(upload.Id);
            if (!recorded.Contains(upload.Id) && upload.LastWrite < cutoff)
            {
                await blobs.CancelUploadAsync(upload.Id, cancellationToken);
                removed++;
            }
        }

        foreach (string id in recorded.Where(id => !stored.Contains(id)))
        {
            await uploads.DeleteUploadAsync(id, cancellationToken);
            removed++;
        }

        return removed;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Removed {Count} idle upload(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Discarded {Count} incomplete commit(s) left in the blob store by a node that stopped while committing")]
    private static partial void LogCommitsDiscarded(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Housekeeping failed; it runs again on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
