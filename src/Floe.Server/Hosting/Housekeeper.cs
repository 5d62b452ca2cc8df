using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Hosting;

/// <summary>
/// Periodic clean-up: uploads idle for longer than <see cref="HousekeepingOptions.UploadIdleTimeout"/>
/// (their bytes and their record) and expired sessions. Every node may run it; each step is idempotent.
/// </summary>
internal sealed partial class Housekeeper(
    IUploadStore uploads, ISessionStore sessions, IBlobIngester blobs, HousekeepingOptions options, TimeProvider time, ILogger<Housekeeper> logger) : BackgroundService
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

        if (idle.Count > 0)
        {
            LogSwept(logger, idle.Count);
        }

        return idle.Count;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Removed {Count} idle upload(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Housekeeping failed; it runs again on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
