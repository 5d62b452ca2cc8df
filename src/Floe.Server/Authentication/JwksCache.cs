using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>Limits on fetching an identity provider's signing keys.</summary>
public sealed record JwksOptions
{
    /// <summary>The longest a fetch may take, connection included; a slower provider counts as down.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest key set read; a bigger answer counts as garbage.</summary>
    public int MaxBytes { get; init; } = 256 * 1024;

    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The least time between two fetches of one URL, however many unknown key ids arrive.</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The signing keys of identity providers, fetched from each integration's <c>EXTERNAL_OAUTH_JWS_KEYS_URL</c>
/// and nowhere else: a token's <c>jku</c>, <c>x5u</c> or <c>jwk</c> header is never followed. Keys are
/// cached per URL and fetched again when they are older than <see cref="JwksOptions.Lifetime"/>, or when a
/// token names a key id the cache does not hold — at most once per <see cref="JwksOptions.MinRefreshInterval"/>,
/// so a flood of made-up key ids cannot turn Floe into a load generator. One fetch per URL runs at a time;
/// a fetch is bounded in time and size, follows no redirect, and a failed one keeps the keys already known.
/// Only asymmetric keys (RSA, EC) meant for signatures are kept.
/// </summary>
internal sealed partial class JwksCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly JwksOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JwksCache> _logger;

    public JwksCache(JwksOptions options, TimeProvider time, ILogger<JwksCache> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxBytes,
        };
    }

    /// <summary>
    /// The keys to check a token signed with <paramref name="keyId"/> (every key when it is <c>null</c>);
    /// <c>null</c> when the provider could not be reached and no keys are known.
    /// </summary>
    public async Task<IReadOnlyList<SecurityKey>?> GetKeysAsync(string url, string? keyId, CancellationToken cancellationToken)
    {
        Entry entry = _entries.GetOrAdd(url, _ => new Entry());
        DateTimeOffset now = _time.GetUtcNow();
        Fetched? known = entry.Known;
        bool stale = known is null || now - known.On >= _options.Lifetime;
        bool unknownKey = known is not null && keyId is not null && !known.Keys.Any(key => key.KeyId == keyId);
        if (!stale && !(unknownKey && now - entry.AttemptedOn >= _options.MinRefreshInterval))
        {
            return known!.Keys;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            now = _time.GetUtcNow();
            bool fetchedMeanwhile = entry.AttemptedOn > DateTimeOffset.MinValue && now - entry.AttemptedOn < _options.MinRefreshInterval;
            if (!fetchedMeanwhile)
            {
                entry.AttemptedOn = now;
                IReadOnlyList<SecurityKey>? fetched = await FetchAsync(url, cancellationToken);
                if (fetched is not null)
                {
                    entry.Known = new Fetched(fetched, now);
                }
            }

            return entry.Known?.Keys;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<IReadOnlyList<SecurityKey>?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogFetchFailed(url, $"status {(int)response.StatusCode}");
                return null;
            }

            string json = await ReadCappedAsync(response.Content, timeout.Token);
            List<SecurityKey> keys = [.. new JsonWebKeySet(json).Keys
                .Where(key => key.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve
                    && key.Use is null or "sig")
                .SelectMany(key => new JsonWebKeySet { Keys = { key } }.GetSigningKeys())];
            if (keys.Count == 0)
            {
                LogFetchFailed(url, "no asymmetric signing key");
                return null;
            }

            return keys;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(url, "timed out");
            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException or ArgumentException or InvalidDataException or FormatException)
        {
            LogFetchFailed(url, exception.GetType().Name + ": " + exception.Message);
            return null;
        }
    }

    private async Task<string> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxBytes)
        {
            throw new InvalidDataException($"the key set is larger than {_options.MaxBytes} bytes");
        }

        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken);
        byte[] buffer = new byte[_options.MaxBytes + 1];
        int length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > _options.MaxBytes)
            {
                throw new InvalidDataException($"the key set is larger than {_options.MaxBytes} bytes");
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (Entry entry in _entries.Values)
        {
            entry.Gate.Dispose();
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "The identity provider's keys at {Url} could not be fetched: {Reason}")]
    private partial void LogFetchFailed(string url, string reason);

    /// <summary>Keys and when they were fetched, replaced as one reference so readers never see half of an update.</summary>
    private sealed record Fetched(IReadOnlyList<SecurityKey> Keys, DateTimeOffset On);

    /// <summary>One URL: its keys, and when a fetch was last tried (written under <see cref="Gate"/>).</summary>
    private sealed class Entry
    {
        private volatile Fetched? _known;
        private long _attemptedTicks = DateTimeOffset.MinValue.UtcTicks;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Fetched? Known
        {
            get => _known;
            set => _known = value;
        }

        public DateTimeOffset AttemptedOn
        {
            get => new(Volatile.Read(ref _attemptedTicks), TimeSpan.Zero);
            set => Volatile.Write(ref _attemptedTicks, value.UtcTicks);
        }
    }
}
