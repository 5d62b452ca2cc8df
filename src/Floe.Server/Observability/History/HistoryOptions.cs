namespace Floe.Server.Observability.History;

/// <summary>How long login, query and registry history is kept, and how its writes are batched.</summary>
public sealed record HistoryOptions
{
    /// <summary>Events older than this are deleted (checked at start and every hour).</summary>
    public TimeSpan HistoryRetention { get; init; } = TimeSpan.FromDays(365);

    /// <summary>How long the background writer lets events gather before it writes them as one batch.</summary>
    public TimeSpan HistoryFlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many events may wait to be written; beyond that new events are dropped (and the drop logged) rather than slow a request.</summary>
    public int HistoryQueueCapacity { get; init; } = 10_000;
}
