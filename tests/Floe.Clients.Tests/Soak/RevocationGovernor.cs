using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Soak;

/// <summary>
/// Grants and revokes one privilege in turn through the SQL API (a session login, then
/// <c>POST /api/v2/statements</c>), and keeps the order of events so a request can be judged by what
/// had happened when it started and when it ended: no clocks, only counters read under one lock. A
/// GRANT counts as sent before its request goes out and a REVOKE as acknowledged only once its answer
/// is in, so every window the judge relies on is a strict one.
/// </summary>
internal sealed class RevocationGovernor(FloeProcess floe, string grantSql, string revokeSql)
{
    private readonly Lock _lock = new();
    private Moment _now = new(GrantsSent: 1, GrantsAcknowledged: 1, RevokesSent: 0, RevokesAcknowledged: 0);

    /// <summary>How many GRANTs and REVOKEs have been sent and acknowledged; the privilege starts granted (one GRANT acknowledged).</summary>
    public readonly record struct Moment(long GrantsSent, long GrantsAcknowledged, long RevokesSent, long RevokesAcknowledged)
    {
        /// <summary>The last statement acknowledged is a REVOKE and no GRANT has been sent since.</summary>
        public bool Revoked => RevokesAcknowledged == GrantsSent;

        /// <summary>The last statement acknowledged is a GRANT and no REVOKE has been sent since.</summary>
        public bool Granted => GrantsAcknowledged == RevokesSent + 1;
    }

    public int Cycles { get; private set; }

    public Moment Now
    {
        get
        {
            lock (_lock)
            {
                return _now;
            }
        }
    }

    /// <summary>The request was sent after a REVOKE was acknowledged and answered before the next GRANT was sent: it must be refused.</summary>
    public static bool MustBeRefused(Moment start, Moment end) => start.Revoked && end.GrantsSent == start.GrantsSent;

    /// <summary>
    /// The token was asked for after a GRANT was acknowledged and the request answered before the next REVOKE
    /// was sent: it must be allowed.
    /// </summary>
    public static bool MustBeAllowed(Moment tokenAsked, Moment end) => tokenAsked.Granted && end.RevokesSent == tokenAsked.RevokesSent;

    /// <summary>
    /// Revokes, then grants, again and again until <paramref name="stop"/>; after each statement it waits until
    /// <paramref name="observedSince"/> says the readers have seen the new state enough times.
    /// </summary>
    public async Task RunAsync(Func<Moment, bool> observedSince, CancellationToken stop)
    {
        using HttpClient client = floe.CreateClient();
        string session = await LoginAsync(client);
        while (!stop.IsCancellationRequested)
        {
            Moment revoked = await RunAsync(client, session, revokeSql, revoke: true);
            await WaitAsync(() => observedSince(revoked), stop);
            Moment granted = await RunAsync(client, session, grantSql, revoke: false);
            Cycles++;
            await WaitAsync(() => observedSince(granted), stop);
        }
    }

    private async Task<Moment> RunAsync(HttpClient client, string session, string sql, bool revoke)
    {
        lock (_lock)
        {
            _now = revoke ? _now with { RevokesSent = _now.RevokesSent + 1 } : _now with { GrantsSent = _now.GrantsSent + 1 };
        }

        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements") { Content = JsonContent.Create(new Dictionary<string, string> { ["statement"] = sql }) };
        request.Headers.Authorization = new("Bearer", session);
        using HttpResponseMessage response = await client.SendAsync(request, CancellationToken.None);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{sql} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        lock (_lock)
        {
            _now = revoke ? _now with { RevokesAcknowledged = _now.RevokesAcknowledged + 1 } : _now with { GrantsAcknowledged = _now.GrantsAcknowledged + 1 };
            return _now;
        }
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        using FormUrlEncodedContent form = new(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "ADMIN",
            ["password"] = FloeProcess.AdminPassword,
        });
        using HttpResponseMessage login = await client.PostAsync("/oauth/token", form);
        string body = await login.Content.ReadAsStringAsync();
        return login.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!
            : throw new InvalidOperationException($"session login answered {(int)login.StatusCode}: {body}");
    }

    /// <summary>Waits for a condition the other workers make true (polled; nothing is asserted about how long it takes).</summary>
    private static async Task WaitAsync(Func<bool> condition, CancellationToken stop)
    {
        while (!condition() && !stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
