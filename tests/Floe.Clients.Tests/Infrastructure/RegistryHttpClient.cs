using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>How a blob goes up: one POST with <c>?digest=</c>, POST then PUT with the body, or POST, PATCH chunks, bodiless PUT.</summary>
public enum BlobPushMode
{
    Monolithic,
    PostPut,
    Chunked,
}

/// <summary>
/// A plain <see cref="HttpClient"/> speaking the registry API as one user, signed in the way Docker
/// clients sign in: <c>GET /v2/</c> answers <c>401</c> with a Bearer challenge, a token for the scope
/// comes from the challenge's realm with Basic credentials, and every later request carries it. The
/// token is kept until the caller asks for a new one, as a client keeps it for the length of a push.
/// </summary>
public sealed partial class RegistryHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _user;
    private readonly string _password;
    private string? _token;

    /// <param name="observe">Called with every response the server gives (status, method and path), token requests included.</param>
    public RegistryHttpClient(FloeProcess floe, string user, string password, Action<HttpStatusCode, string>? observe = null)
    {
        _user = user;
        _password = password;
        HttpMessageHandler handler = new SocketsHttpHandler();
        if (observe is not null)
        {
            handler = new ObservingHandler(observe) { InnerHandler = handler };
        }

        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = floe.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The <c>access</c> claim of the last token: the actions it names for each repository.</summary>
    public IReadOnlyDictionary<string, string[]> Access { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The Docker token flow for <paramref name="scopes"/> (e.g. <c>repository:d/s/r/img:pull,push</c>); later requests carry the token.</summary>
    public async Task AuthorizeAsync(CancellationToken cancellationToken, params string[] scopes)
    {
        using HttpResponseMessage ping = await _http.GetAsync("/v2/", cancellationToken);
        if (ping.StatusCode != HttpStatusCode.Unauthorized || ParseChallenge(ping) is not { } challenge)
        {
            throw new InvalidOperationException($"GET /v2/ without a token answered {(int)ping.StatusCode}, not a Bearer challenge");
        }

        string query = "?service=" + Uri.EscapeDataString(challenge.Service) + string.Concat(scopes.Select(s => "&scope=" + Uri.EscapeDataString(s)));
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(challenge.Realm).AbsolutePath + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_user + ":" + _password)));
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"token request for {_user} answered {(int)response.StatusCode}: {body}");
        }

        using JsonDocument document = JsonDocument.Parse(body);
        _token = document.RootElement.GetProperty("token").GetString()!;
        Access = ReadAccess(_token);
    }

    /// <summary>Sends <paramref name="request"/> with the current token.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return _http.SendAsync(request, cancellationToken);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, path);
        return await SendAsync(request, cancellationToken);
    }

    public async Task<HttpResponseMessage> HeadAsync(string path, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(HttpMethod.Head, path);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Pushes one blob to <paramref name="name"/>; the answer of the request that completes it (201 expected), or
    /// the first answer that stops it. <paramref name="opened"/> gets the upload's location once a POST opened one;
    /// <paramref name="completing"/> is called just before the PUT that completes it is sent.
    /// </summary>
    public async Task<HttpResponseMessage> PushBlobAsync(
        string name, byte[] content, BlobPushMode mode, CancellationToken cancellationToken, int chunkSize = 512 * 1024,
        Action<string>? opened = null, Action? completing = null)
    {
        string digest = DigestOf(content);
        if (mode == BlobPushMode.Monolithic)
        {
            using HttpRequestMessage single = new(HttpMethod.Post, $"/v2/{name}/blobs/uploads/?digest={digest}") { Content = Octets(content) };
            return await SendAsync(single, cancellationToken);
        }

        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{name}/blobs/uploads/");
        HttpResponseMessage started = await SendAsync(post, cancellationToken);
        if (started.StatusCode != HttpStatusCode.Accepted)
        {
            return started;
        }

        string location = started.Headers.Location!.OriginalString;
        started.Dispose();
        opened?.Invoke(location);
        if (mode == BlobPushMode.PostPut)
        {
            completing?.Invoke();
            return await PutUploadAsync(location, digest, content, cancellationToken);
        }

        for (int offset = 0; offset < content.Length; offset += chunkSize)
        {
            int length = Math.Min(chunkSize, content.Length - offset);
            HttpResponseMessage patched = await PatchAsync(location, content.AsMemory(offset, length).ToArray(), offset, cancellationToken);
            if (patched.StatusCode != HttpStatusCode.Accepted)
            {
                return patched;
            }

            location = patched.Headers.Location?.OriginalString ?? location;
            patched.Dispose();
        }

        completing?.Invoke();
        return await PutUploadAsync(location, digest, null, cancellationToken);
    }

    /// <summary><c>PATCH</c> one chunk starting at <paramref name="offset"/> (with <c>Content-Range</c>).</summary>
    public async Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk, long offset, CancellationToken cancellationToken)
    {
        using HttpRequestMessage patch = new(HttpMethod.Patch, location) { Content = Octets(chunk) };
        patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
        return await SendAsync(patch, cancellationToken);
    }

    /// <summary><c>PUT &lt;location&gt;?digest=</c>, with the last chunk (or the whole blob) in the body when given.</summary>
    public async Task<HttpResponseMessage> PutUploadAsync(string location, string digest, byte[]? body, CancellationToken cancellationToken)
    {
        string separator = location.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using HttpRequestMessage put = new(HttpMethod.Put, $"{location}{separator}digest={digest}") { Content = body is null ? null : Octets(body) };
        return await SendAsync(put, cancellationToken);
    }

    /// <summary>
    /// Resumes an upload as a client does after losing a request: asks the upload's status, then sends
    /// what the server does not hold yet from there, and completes it. The offset the status named is
    /// returned with the final answer.
    /// </summary>
    public async Task<(HttpResponseMessage Response, long Offset)> ResumeUploadAsync(string location, byte[] content, CancellationToken cancellationToken)
    {
        HttpResponseMessage status = await GetAsync(location, cancellationToken);
        if (status.StatusCode != HttpStatusCode.NoContent)
        {
            return (status, -1);
        }

        long end = long.Parse(status.Headers.GetValues("Range").Single().Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
        status.Dispose();

        // "0-0" is both an empty upload and a one-byte one; a chunk from the wrong one of the two is refused with 416.
        long[] candidates = end == 0 ? [0, 1] : [end + 1];
        HttpResponseMessage? refused = null;
        foreach (long offset in candidates)
        {
            if (offset < content.Length)
            {
                HttpResponseMessage patched = await PatchAsync(location, content[(int)offset..], offset, cancellationToken);
                if (patched.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset != candidates[^1])
                {
                    refused = patched;
                    continue;
                }

                if (patched.StatusCode != HttpStatusCode.Accepted)
                {
                    return (patched, offset);
                }

                patched.Dispose();
            }

            refused?.Dispose();
            return (await PutUploadAsync(location, DigestOf(content), null, cancellationToken), offset);
        }

        return (refused!, candidates[^1]);
    }

    public async Task<HttpResponseMessage> PutManifestAsync(string name, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        using HttpRequestMessage put = new(HttpMethod.Put, $"/v2/{name}/manifests/{reference}") { Content = new ByteArrayContent(manifest) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await SendAsync(put, cancellationToken);
    }

    /// <summary>A GET whose body is read whole: status, body and <c>Docker-Content-Digest</c>.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body, string? Digest)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using HttpResponseMessage response = await SendAsync(request, cancellationToken);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? digest = response.Headers.TryGetValues("Docker-Content-Digest", out IEnumerable<string>? values) ? values.Single() : null;
        return (response.StatusCode, body, digest);
    }

    public void Dispose() => _http.Dispose();

    public static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static ByteArrayContent Octets(byte[] content)
    {
        ByteArrayContent body = new(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    private static IReadOnlyDictionary<string, string[]> ReadAccess(string jwt)
    {
        string payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using JsonDocument claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        Dictionary<string, string[]> access = new(StringComparer.Ordinal);
        if (claims.RootElement.TryGetProperty("access", out JsonElement entries))
        {
            foreach (JsonElement entry in entries.EnumerateArray())
            {
                access[entry.GetProperty("name").GetString()!] = [.. entry.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)];
            }
        }

        return access;
    }

    private static (string Realm, string Service)? ParseChallenge(HttpResponseMessage response)
    {
        AuthenticationHeaderValue? bearer = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme == "Bearer");
        if (bearer?.Parameter is null)
        {
            return null;
        }

        Dictionary<string, string> values = ChallengeParameter().Matches(bearer.Parameter)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return values.TryGetValue("realm", out string? realm) && values.TryGetValue("service", out string? service)
            ? (realm, service)
            : null;
    }

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();

    private sealed class ObservingHandler(Action<HttpStatusCode, string> observe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            observe(response.StatusCode, $"{request.Method} {request.RequestUri?.AbsolutePath}");
            return response;
        }
    }
}
