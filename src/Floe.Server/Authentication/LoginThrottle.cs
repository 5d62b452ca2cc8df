using System.Collections.Concurrent;

namespace Floe.Server.Authentication;

/// <summary>
/// Slows password guessing: failed logins are counted per user and client address
/// together, and per client address alone, in a fixed window. Past either limit, logins from there
/// are refused with <c>429</c> and <c>Retry-After</c> until the window ends — even with the right
/// secret — while the same user from another address is unaffected, so an attacker cannot lock a
/// user out of the addresses the user really uses. A successful login clears its user-and-address
/// count. Counts live in this process: with several nodes, each node allows its own share.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailuresPerUserAndAddress = 5;
    public const int MaxFailuresPerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>How long logins of this user from this address must wait, or <c>null</c> when they may proceed.</summary>
    public TimeSpan? RetryAfter(long accountId, string username, string address)
    {
        DateTimeOffset now = time.GetUtcNow();
        TimeSpan? user = Blocked(UserKey(accountId, username, address), MaxFailuresPerUserAndAddress, now);
        TimeSpan? any = Blocked(AddressKey(address), MaxFailuresPerAddress, now);
        return user is null ? any : any is null ? user : (user > any ? user : any);
    }

    public void RecordFailure(long accountId, string username, string address)
    {
        DateTimeOffset now = time.GetUtcNow();
        Count(UserKey(accountId, username, address), now);
        Count(AddressKey(address), now);
    }

    public void RecordSuccess(long accountId, string username, string address) =>
        _counters.TryRemove(UserKey(accountId, username, address), out _);

    private TimeSpan? Blocked(string key, int limit, DateTimeOffset now) =>
        _counters.TryGetValue(key, out Counter? counter) && counter.Start + Window > now && counter.Failures >= limit
            ? counter.Start + Window - now
            : null;

    private void Count(string key, DateTimeOffset now) =>
        _counters.AddOrUpdate(
            key,
            _ => new Counter(now, 1),
            (_, current) => current.Start + Window > now ? current with { Failures = current.Failures + 1 } : new Counter(now, 1));

    private static string UserKey(long accountId, string username, string address) =>
        $"{accountId}\n{username.ToUpperInvariant()}\n{address}";

    private static string AddressKey(string address) => "\n" + address;

    private sealed record Counter(DateTimeOffset Start, int Failures);
}
