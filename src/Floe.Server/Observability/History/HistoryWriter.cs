using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Observability.History;

/// <summary>
/// The one writer of history: waits for events, lets them gather for
/// <see cref="HistoryOptions.HistoryFlushInterval"/>, then writes everything queued in batches of up to
/// <see cref="MaxBatch"/> events, one store transaction each. On shutdown it writes what is still queued.
/// It also deletes events older than <see cref="HistoryOptions.HistoryRetention"/>, at start and hourly.
/// A failed write is logged and its events lost: history must never stop or slow the registry.
/// </summary>
internal sealed partial class HistoryWriter(
    HistoryRecorder recorder,
    IHistoryStore store,
    IUserStore users,
    IRoleStore roles,
    HistoryOptions options,
    TimeProvider time,
    ILogger<HistoryWriter> logger) : BackgroundService
{
    public const int MaxBatch = 1000;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    // Names of users and restriction roles by id, so a burst of pulls by one user costs one lookup.
    private readonly Dictionary<(long Account, long Id), string> _userNames = [];
    private readonly Dictionary<(long Account, long Id), string> _roleNames = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task pruning = PruneLoopAsync(stoppingToken);
        try
        {
            while (await recorder.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(options.HistoryFlushInterval, time, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is queued.
        }

        await pruning;
    }

    /// <summary>Stops the loop, then writes every event still queued (new ones are refused from then on).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        recorder.Complete();
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes every queued event, batch by batch; answers how many were written.</summary>
    internal async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        int written = 0;
        while (true)
        {
            List<LoginEvent> logins = [];
            List<QueryEvent> queries = [];
            List<RegistryEvent> registry = [];
            int count = 0;
            try
            {
                while (count < MaxBatch && recorder.Reader.TryRead(out PendingEvent? pending))
                {
                    count++;
                    switch (pending)
                    {
                        case PendingLogin login:
                            logins.Add(login.Event);
                            break;
                        case PendingQuery query:
                            queries.Add(query.Event);
                            break;
                        case PendingRegistry request:
                            registry.Add(await NamedAsync(request, cancellationToken));
                            break;
                    }
                }

                if (count == 0)
                {
                    break;
                }

                await store.AppendHistoryAsync(new HistoryBatch(logins, queries, registry), cancellationToken);
                written += count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(logger, count, ex);
            }
        }

        if (recorder.TakeDropped() is > 0 and long dropped)
        {
            LogDropped(logger, dropped);
        }

        return written;
    }

    private async Task PruneLoopAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(PruneInterval, time);
        try
        {
            do
            {
                try
                {
                    int pruned = await store.PruneHistoryAsync(time.GetUtcNow() - options.HistoryRetention, stoppingToken);
                    if (pruned > 0)
                    {
                        LogPruned(logger, pruned);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The event with the names of its user (<see cref="HistoryRecorder.Anonymous"/> without one; a user
    /// dropped since shows as <c>#&lt;id&gt;</c>) and restriction role.
    /// </summary>
    private async ValueTask<RegistryEvent> NamedAsync(PendingRegistry pending, CancellationToken cancellationToken)
    {
        string userName = HistoryRecorder.Anonymous;
        if (pending.UserId is long userId && !_userNames.TryGetValue((pending.AccountId, userId), out userName!))
        {
            userName = (await users.FindUserByIdAsync(pending.AccountId, userId, cancellationToken))?.Name ?? "#" + userId;
            Remember(_userNames, (pending.AccountId, userId), userName);
        }

        string? roleName = null;
        if (pending.RoleRestrictionId is long roleId && !_roleNames.TryGetValue((pending.AccountId, roleId), out roleName))
        {
            roleName = (await roles.ListRolesAsync(pending.AccountId, cancellationToken)).FirstOrDefault(role => role.Id == roleId)?.Name ?? "#" + roleId;
            Remember(_roleNames, (pending.AccountId, roleId), roleName);
        }

        return pending.ToEvent(userName, roleName);
    }

    /// <summary>Keeps the name for the next events; the cache starts over when it grows large (names can change).</summary>
    private static void Remember(Dictionary<(long, long), string> cache, (long, long) key, string name)
    {
        if (cache.Count >= 10_000)
        {
            cache.Clear();
        }

        cache[key] = name;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "{Count} history event(s) could not be written and are lost")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Count} history event(s) were dropped: the history queue was full")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Deleted {Count} history event(s) older than the retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Deleting old history failed; it runs again within the hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
