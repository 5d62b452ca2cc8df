using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Floe.Clients.Tests.Soak;

/// <summary>
/// A bounded soak of the real <c>floe serve</c> with authentication on: for <c>FLOE_SOAK_SECONDS</c>
/// (default 30) pushers, verified pullers, tag listers and a token requester run at once while a
/// governor grants and revokes the pullers' READ through the SQL API. It fails on any 5xx, any body
/// whose digest is not the one asked for, any pull allowed after its revocation was acknowledged
/// (and before the next grant was sent), any pull refused with a token asked for after a grant was
/// acknowledged (and before the next revoke was sent), and any tag list missing a tag acknowledged
/// before it started. Nothing is asserted about speed; the counts are printed.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Repository = "soak/sch/repo";
    private const string PusherPassword = "soak-pusher-secret";
    private const string ReaderPassword = "soak-reader-secret";
    private const int Pushers = 3;
    private const int Readers = 3;
    private const int MaxFailuresKept = 50;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string What, RevocationGovernor.Moment Since), int> _windowCounts = new();
    private readonly Lock _publishedLock = new();
    private readonly List<Published> _published = [];
    private FloeProcess _floe = null!;
    private RevocationGovernor _governor = null!;

    private sealed record Published(string Name, string Tag, TestImage Image);

    public async Task InitializeAsync()
    {
        _floe = await FloeProcess.StartAsync(Repository);
        await _floe.SqlAsync(
            $"CREATE USER pusher PASSWORD = '{PusherPassword}'; CREATE ROLE pusher_role; " +
            "GRANT USAGE ON DATABASE soak TO ROLE pusher_role; GRANT USAGE ON SCHEMA soak.sch TO ROLE pusher_role; " +
            "GRANT WRITE ON IMAGE REPOSITORY soak.sch.repo TO ROLE pusher_role; GRANT ROLE pusher_role TO USER pusher; " +
            $"CREATE USER reader PASSWORD = '{ReaderPassword}'; CREATE ROLE reader_role; " +
            "GRANT USAGE ON DATABASE soak TO ROLE reader_role; GRANT USAGE ON SCHEMA soak.sch TO ROLE reader_role; " +
            "GRANT READ ON IMAGE REPOSITORY soak.sch.repo TO ROLE reader_role; GRANT ROLE reader_role TO USER reader;");
        _governor = new RevocationGovernor(
            _floe, "GRANT READ ON IMAGE REPOSITORY soak.sch.repo TO ROLE reader_role", "REVOKE READ ON IMAGE REPOSITORY soak.sch.repo FROM ROLE reader_role");
    }

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    private static string ImageName(int pusher) => $"{Repository}/w{pusher}";

    private static string[] PullScopes => [.. Enumerable.Range(0, Pushers).Select(p => $"repository:{ImageName(p)}:pull")];

    [Fact]
    public async Task MixedLoadWithGrantsAndRevokes_ForTheSoakDuration_NoServerErrorDigestMismatchOrRevokedPull()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("FLOE_SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int configured) && configured > 0
            ? configured
            : 30;
        for (int pusher = 0; pusher < Pushers; pusher++)
        {
            using RegistryHttpClient seeder = await SignInAsync("pusher", PusherPassword, $"repository:{ImageName(pusher)}:pull,push");
            await PushImageAsync(seeder, pusher, new Random(pusher), "seed");
        }

        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(seconds));
        List<Task> workers = [];
        workers.AddRange(Enumerable.Range(0, Pushers).Select(p => GuardAsync("pusher", () => PushLoopAsync(p, stop.Token))));
        workers.AddRange(Enumerable.Range(0, Readers).Select(r => GuardAsync("reader", () => PullLoopAsync(r, stop.Token))));
        workers.Add(GuardAsync("tag lister", () => TagListLoopAsync(stop.Token)));
        workers.Add(GuardAsync("token requester", () => TokenLoopAsync(stop.Token)));
        workers.Add(GuardAsync("governor", () => _governor.RunAsync(ObservedSince, stop.Token)));
        await Task.WhenAll(workers);

        output.WriteLine($"soak of {seconds} s; {_governor.Cycles} revoke/grant cycles; counts:");
        foreach ((string what, int count) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {what}: {count}");
        }

        Assert.True(_failures.IsEmpty, $"failures (the first {MaxFailuresKept} are kept):\n" + string.Join('\n', _failures));
        Assert.True(Count("pull allowed") > 0 && Count("pull refused after revoke") > 0 && _governor.Cycles > 0,
            "the soak must see pulls allowed, pulls refused after a revoke, and at least one revoke/grant cycle");
    }

    /// <summary>
    /// The governor moves on once readers have met the state it set: three pulls refused after a revoke, ten
    /// allowed after a grant (sent and answered while it held).
    /// </summary>
    private bool ObservedSince(RevocationGovernor.Moment since) =>
        since.Revoked ? CountSince("pull refused after revoke", since) >= 3 : CountSince("pull allowed while granted", since) >= 10;

    private int CountSince(string what, RevocationGovernor.Moment since) => _windowCounts.GetValueOrDefault((what, since));

    private async Task PushLoopAsync(int pusher, CancellationToken stop)
    {
        using RegistryHttpClient client = await SignInAsync("pusher", PusherPassword, $"repository:{ImageName(pusher)}:pull,push");
        Random random = new(100 + pusher);
        for (int image = 0; !stop.IsCancellationRequested; image++)
        {
            await PushImageAsync(client, pusher, random, image.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task PushImageAsync(RegistryHttpClient client, int pusher, Random random, string tag)
    {
        string name = ImageName(pusher);
        TestImage image = TestImage.Create(random, random.Next(16 * 1024, 512 * 1024), $"{name}:{tag}");
        BlobPushMode mode = (BlobPushMode)random.Next(3);
        foreach ((byte[] blob, BlobPushMode how) in new[] { (image.Layer, mode), (image.Config, BlobPushMode.Monolithic) })
        {
            using HttpResponseMessage pushed = await client.PushBlobAsync(name, blob, how, CancellationToken.None, chunkSize: 128 * 1024);
            if (!Check(pushed.StatusCode == HttpStatusCode.Created, $"{how} blob push answered {(int)pushed.StatusCode}")
                || !Check(Digest(pushed) == RegistryHttpClient.DigestOf(blob), $"{how} blob push answered digest {Digest(pushed)}"))
            {
                return;
            }

            Increment($"blob pushed ({how})");
        }

        using HttpResponseMessage put = await client.PutManifestAsync(name, tag, image.Manifest, TestImage.ManifestMediaType, CancellationToken.None);
        if (Check(put.StatusCode == HttpStatusCode.Created, $"manifest PUT answered {(int)put.StatusCode}")
            && Check(Digest(put) == image.ManifestDigest, $"manifest PUT answered digest {Digest(put)}"))
        {
            Increment("manifest pushed");
            lock (_publishedLock)
            {
                _published.Add(new Published(name, tag, image));
            }
        }
    }

    /// <summary>
    /// A reader pulling acknowledged images (manifests by tag, layers, configs, tag lists), checking every
    /// body's digest. It keeps its token while it works and asks for a new one after a refusal, so both the
    /// re-check of a token issued before a revoke and a token issued after it are exercised.
    /// </summary>
    private async Task PullLoopAsync(int reader, CancellationToken stop)
    {
        using RegistryHttpClient client = new(_floe, "reader", ReaderPassword, Observe);
        Random random = new(200 + reader);
        RevocationGovernor.Moment tokenAsked = _governor.Now;
        await client.AuthorizeAsync(CancellationToken.None, PullScopes);
        Increment("token (reader)");
        for (int step = 0; !stop.IsCancellationRequested; step++)
        {
            (string path, string? expected) = PickPull(random, step);
            RevocationGovernor.Moment start = _governor.Now;
            (HttpStatusCode status, byte[] body, string? digest) = await client.ReadAsync(path, CancellationToken.None);
            RevocationGovernor.Moment end = _governor.Now;
            if (!JudgePull(path, status, tokenAsked, start, end))
            {
                tokenAsked = _governor.Now;
                await client.AuthorizeAsync(CancellationToken.None, PullScopes);
                Increment("token (reader)");
                continue;
            }

            VerifyBody(path, expected, body, digest);
        }
    }

    /// <summary>A pull of an acknowledged image: its manifest by tag, its layer, its config or its image's tag list; with the digest its body must have.</summary>
    private (string Path, string? Digest) PickPull(Random random, int step)
    {
        Published image = PickPublished(random);
        return (step % 5) switch
        {
            4 => ($"/v2/{image.Name}/tags/list", null),
            3 => ($"/v2/{image.Name}/blobs/{image.Image.ConfigDigest}", image.Image.ConfigDigest),
            1 or 2 => ($"/v2/{image.Name}/blobs/{image.Image.LayerDigest}", image.Image.LayerDigest),
            _ => ($"/v2/{image.Name}/manifests/{image.Tag}", image.Image.ManifestDigest),
        };
    }

    /// <summary>
    /// Judges a reader's answer by what the governor had done when the token was asked for, when the request
    /// was sent and when it was answered; true when the pull was allowed.
    /// </summary>
    private bool JudgePull(string path, HttpStatusCode status, RevocationGovernor.Moment tokenAsked, RevocationGovernor.Moment start, RevocationGovernor.Moment end)
    {
        if (status == HttpStatusCode.OK)
        {
            Check(!RevocationGovernor.MustBeRefused(start, end), $"GET {path} was allowed after the revoke was acknowledged (sent at {start}, answered at {end})");
            Increment("pull allowed");
            if (start.Granted && start == end)
            {
                CountWindow("pull allowed while granted", start);
            }

            return true;
        }

        Check(status == HttpStatusCode.Forbidden, $"GET {path} as the reader answered {(int)status}, neither 200 nor 403");
        Check(!RevocationGovernor.MustBeAllowed(tokenAsked, end), $"GET {path} was refused with a token asked for after the grant was acknowledged (token at {tokenAsked}, answered at {end})");
        Increment("pull refused");
        if (RevocationGovernor.MustBeRefused(start, end))
        {
            Increment("pull refused after revoke");
            CountWindow("pull refused after revoke", start);
        }

        return false;
    }

    /// <summary>A manifest or blob body must be exactly the content of the digest asked for; a tag list is only counted.</summary>
    private void VerifyBody(string path, string? expected, byte[] body, string? digest)
    {
        if (expected is null)
        {
            Increment("tag list (reader)");
            return;
        }

        Check(RegistryHttpClient.DigestOf(body) == expected, $"GET {path} served a body whose digest is {RegistryHttpClient.DigestOf(body)}, not {expected}");
        Check(digest == expected, $"GET {path} answered Docker-Content-Digest {digest}, not {expected}");
        Increment("pull verified");
    }

    /// <summary>Lists every pusher's tags page by page; each tag acknowledged before the listing started must be there, in order, once.</summary>
    private async Task TagListLoopAsync(CancellationToken stop)
    {
        using RegistryHttpClient client = await SignInAsync("pusher", PusherPassword, PullScopes);
        for (int round = 0; !stop.IsCancellationRequested; round++)
        {
            string name = ImageName(round % Pushers);
            HashSet<string> expected;
            lock (_publishedLock)
            {
                expected = [.. _published.Where(p => p.Name == name).Select(p => p.Tag)];
            }

            List<string> listed = [];
            string? next = $"/v2/{name}/tags/list?n=25";
            while (next is not null)
            {
                using HttpResponseMessage page = await client.GetAsync(next, CancellationToken.None);
                if (!Check(page.StatusCode == HttpStatusCode.OK, $"GET {next} answered {(int)page.StatusCode}"))
                {
                    return;
                }

                using JsonDocument json = JsonDocument.Parse(await page.Content.ReadAsStringAsync(CancellationToken.None));
                listed.AddRange(json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
                next = page.Headers.TryGetValues("Link", out IEnumerable<string>? link) ? link.Single().Split('<', '>')[1] : null;
                Increment("tag list page");
            }

            Check(listed.SequenceEqual(listed.Order(StringComparer.Ordinal)) && listed.Distinct(StringComparer.Ordinal).Count() == listed.Count, $"the tags of {name} are not listed once each in order");
            Check(expected.IsSubsetOf(listed), $"the tag list of {name} misses {string.Join(',', expected.Except(listed))}, acknowledged before it started");
            Increment("tag list");
        }
    }

    /// <summary>The Docker token flow again and again, for the pusher and the reader; the reader's access follows the grants.</summary>
    private async Task TokenLoopAsync(CancellationToken stop)
    {
        using RegistryHttpClient pusher = new(_floe, "pusher", PusherPassword, Observe);
        using RegistryHttpClient reader = new(_floe, "reader", ReaderPassword, Observe);
        for (int round = 0; !stop.IsCancellationRequested; round++)
        {
            string name = ImageName(round % Pushers);
            await pusher.AuthorizeAsync(CancellationToken.None, $"repository:{name}:pull,push");
            Check(pusher.Access.GetValueOrDefault(name) is { } actions && actions.Contains("pull") && actions.Contains("push"), $"the pusher's token for {name} lacks pull or push");
            Increment("token (token requester)");

            RevocationGovernor.Moment start = _governor.Now;
            await reader.AuthorizeAsync(CancellationToken.None, $"repository:{name}:pull");
            RevocationGovernor.Moment end = _governor.Now;
            bool pull = reader.Access.GetValueOrDefault(name)?.Contains("pull") == true;
            Check(!(pull && RevocationGovernor.MustBeRefused(start, end)), $"a token asked for after the revoke was acknowledged grants pull ({start}, {end})");
            Check(pull || !RevocationGovernor.MustBeAllowed(start, end), $"a token asked for after the grant was acknowledged lacks pull ({start}, {end})");
            Increment("token (token requester)");
        }
    }

    private async Task<RegistryHttpClient> SignInAsync(string user, string password, params string[] scopes)
    {
        RegistryHttpClient client = new(_floe, user, password, Observe);
        await client.AuthorizeAsync(CancellationToken.None, scopes);
        Increment($"token ({user})");
        return client;
    }

    private Published PickPublished(Random random)
    {
        lock (_publishedLock)
        {
            return _published[random.Next(_published.Count)];
        }
    }

    /// <summary>Every answer the server gives passes here: a 5xx is a failure wherever it happens.</summary>
    private void Observe(HttpStatusCode status, string request)
    {
        Increment("http responses");
        Check((int)status < 500, $"{request} answered {(int)status}");
    }

    /// <summary>Runs one worker; an exception (a dropped connection, a refused token) is a failure, not a crash of the soak.</summary>
    private async Task GuardAsync(string worker, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
        {
            Check(false, $"{worker} stopped: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private bool Check(bool condition, string failure)
    {
        if (!condition && _failures.Count < MaxFailuresKept)
        {
            _failures.Enqueue(failure);
        }

        return condition;
    }

    private void Increment(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    private void CountWindow(string what, RevocationGovernor.Moment window) => _windowCounts.AddOrUpdate((what, window), 1, (_, n) => n + 1);

    private int Count(string what) => _counts.GetValueOrDefault(what);

    private static string? Digest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out IEnumerable<string>? values) ? values.Single() : null;
}
