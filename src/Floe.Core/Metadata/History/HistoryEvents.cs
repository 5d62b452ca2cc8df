namespace Floe.Core.Metadata.History;

/// <summary>
/// One login attempt at an account: a session login, a registry-token request or a <c>GET /login</c>,
/// successful or not. <see cref="UserName"/> is the name the client gave (it may name no user); no
/// secret is ever part of an event. <see cref="EventId"/> is given by the store.
/// </summary>
public sealed record LoginEvent(
    long AccountId,
    DateTimeOffset EventTimestamp,
    string UserName,
    string? ClientIp,
    string ClientType,
    string FirstAuthenticationFactor,
    bool IsSuccess,
    string? ErrorCode,
    string? ErrorMessage,
    long EventId = 0);

/// <summary>
/// One SQL statement run in a session. <see cref="QueryText"/> has its secrets masked before it is
/// recorded. <see cref="ExecutionStatus"/> is <c>SUCCESS</c> or <c>FAILED_WITH_ERROR</c>.
/// </summary>
public sealed record QueryEvent(
    long AccountId,
    string QueryId,
    string QueryText,
    string QueryType,
    string UserName,
    string? RoleName,
    string? DatabaseName,
    string? SchemaName,
    string ExecutionStatus,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    long RowsProduced);

/// <summary>
/// One manifest pushed or pulled (never one per blob), or one blob mounted from another repository.
/// <see cref="Action"/> is <c>push</c>, <c>pull</c> or <c>mount</c>; <see cref="Repository"/> is
/// <c>DB.SCHEMA.REPO</c>; <see cref="Tag"/> is null for a reference by digest.
/// </summary>
public sealed record RegistryEvent(
    long AccountId,
    DateTimeOffset EventTimestamp,
    string UserName,
    string? RoleName,
    string Action,
    string Repository,
    string Image,
    string? Tag,
    string Digest,
    string? ClientIp,
    long EventId = 0);

/// <summary>Events recorded together, in one store transaction.</summary>
public sealed record HistoryBatch(
    IReadOnlyList<LoginEvent> Logins,
    IReadOnlyList<QueryEvent> Queries,
    IReadOnlyList<RegistryEvent> RegistryEvents)
{
    public bool IsEmpty => Logins.Count == 0 && Queries.Count == 0 && RegistryEvents.Count == 0;
}

/// <summary>
/// Which events of an account to read: only those of <see cref="UserName"/> when given, only those in
/// [<see cref="From"/>, <see cref="To"/>] when given (the event time; a query's end time), newest first,
/// at most <see cref="Limit"/>.
/// </summary>
public sealed record HistoryFilter(long AccountId, string? UserName, DateTimeOffset? From, DateTimeOffset? To, int Limit);

/// <summary>
/// The history of logins, statements and registry requests (Snowflake's LOGIN_HISTORY and
/// QUERY_HISTORY, and Floe's REGISTRY_HISTORY). Written in batches by one background writer, read by
/// the SQL table functions, pruned by retention.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Records every event of the batch in one transaction; events of an account dropped meanwhile are left out.</summary>
    ValueTask AppendHistoryAsync(HistoryBatch batch, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<LoginEvent>> ListLoginHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<QueryEvent>> ListQueryHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<RegistryEvent>> ListRegistryHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken);

    /// <summary>Deletes every event older than <paramref name="cutoff"/>; answers how many went.</summary>
    ValueTask<int> PruneHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
