using System.Net;
using System.Threading.Channels;
using Floe.Core.Content;
using Floe.Core.Metadata.History;
using Floe.Core.Naming;
using Floe.Server.Registry;
using Floe.Sql.Execution;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Observability.History;

/// <summary>
/// An event waiting to be written. A registry event leaves its user and role names to the writer, which
/// looks them up off the request path.
/// </summary>
internal abstract record PendingEvent;

internal sealed record PendingLogin(LoginEvent Event) : PendingEvent;

internal sealed record PendingQuery(QueryEvent Event) : PendingEvent;

/// <summary>
/// A registry request as the request path leaves it: references only, so that formatting (digest,
/// repository, client address) happens on the writer, off the request.
/// </summary>
internal sealed record PendingRegistry(
    long AccountId,
    DateTimeOffset At,
    long? UserId,
    long? RoleRestrictionId,
    string Action,
    RepositoryKey Repository,
    string Image,
    string Reference,
    Digest Digest,
    IPAddress? Client) : PendingEvent
{
    /// <summary>The event, with the names the writer looked up; a reference by digest records no tag.</summary>
    public RegistryEvent ToEvent(string userName, string? roleName) => new(
        AccountId, At, userName, roleName, Action, Repository.ToString(), Image,
        Reference.Contains(':', StringComparison.Ordinal) ? null : Reference, Digest.ToString(), Client?.ToString());
}

/// <summary>
/// Takes history events from requests and hands them to <see cref="HistoryWriter"/> through a bounded
/// in-memory queue. Recording never waits and never touches the store: a request pays for one small
/// allocation and a lock-free enqueue. When the queue is full (the store cannot keep up) the event is
/// dropped and counted, so history can never slow a pull; the writer logs the count.
/// </summary>
internal sealed class HistoryRecorder
{
    /// <summary>The user name of a registry request when the registry does not require authentication.</summary>
    public const string Anonymous = "ANONYMOUS";

    private readonly Channel<PendingEvent> _queue;
    private readonly TimeProvider _time;
    private long _dropped;

    public HistoryRecorder(HistoryOptions options, TimeProvider time)
    {
        _queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(Math.Max(1, options.HistoryQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _time = time;
    }

    public ChannelReader<PendingEvent> Reader => _queue.Reader;

    public void RecordLogin(LoginEvent login) => Enqueue(new PendingLogin(login));

    /// <summary>Every statement of a SQL request that ran (or the text that did not parse), secrets already masked.</summary>
    public void RecordStatements(IEnumerable<ExecutedStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        foreach (ExecutedStatement statement in statements)
        {
            SqlSession session = statement.Session;
            Enqueue(new PendingQuery(new QueryEvent(
                session.AccountId, statement.QueryId, statement.Text, statement.QueryType, session.UserName, session.Role,
                session.Database, session.Schema, statement.Error is null ? "SUCCESS" : "FAILED_WITH_ERROR",
                statement.Error?.Code, statement.Error?.Message, statement.StartTime, statement.EndTime, statement.RowsProduced)));
        }
    }

    /// <summary>
    /// A manifest pushed or pulled, or a blob mounted: <paramref name="reference"/> is the tag or digest of
    /// the request (a digest records no tag).
    /// </summary>
    public void RecordRegistry(HttpContext context, RepositoryTarget target, string action, string reference, Digest digest)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        Enqueue(new PendingRegistry(
            target.Account.Id, _time.GetUtcNow(), target.Principal?.UserId, target.Principal?.RoleRestrictionId, action,
            target.Repository.Key, target.Image, reference, digest, context.Connection.RemoteIpAddress));
    }

    /// <summary>How many events were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>No more events: the writer drains what is queued and stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private void Enqueue(PendingEvent pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
