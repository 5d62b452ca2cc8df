using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Floe.Cli.Client.ExternalBrowser;

/// <summary>What the identity provider sent back to the loopback redirect URI: a code, or an error.</summary>
internal sealed record AuthorizationResponse(string? Code, string? Error, string? ErrorDescription);

/// <summary>
/// The redirect target of a native app's sign-in (RFC 8252 §7.3): a listener on <c>127.0.0.1</c> only, on the
/// port of the redirect URI (a free one the system picks when it names none), that waits for the browser to be
/// sent back with the authorization response. Only a request for the redirect path that carries the expected
/// <c>state</c> counts; anything else (a favicon, a stray or forged request) is answered and ignored, so a
/// request made by another page cannot inject its own code.
/// </summary>
internal sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>The most read of one request's head: a redirect with a code is well under it.</summary>
    private const int MaxRequestHead = 16 * 1024;

    /// <summary>How long one connection may take, by default, to send its request line and headers.</summary>
    private static readonly TimeSpan DefaultRequestReadTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly string _path;
    private readonly TimeSpan _requestReadTimeout;

    private LoopbackRedirectListener(TcpListener listener, Uri redirectUri, TimeSpan requestReadTimeout)
    {
        _listener = listener;
        _requestReadTimeout = requestReadTimeout;
        _path = redirectUri.AbsolutePath;
        RedirectUri = redirectUri;
    }

    /// <summary>The redirect URI to send to the provider, with the port the listener really has.</summary>
    public Uri RedirectUri { get; }

    /// <summary>
    /// Listens for <paramref name="configured"/> (an <c>http://127.0.0.1</c> URI;
    /// without a port, on a free one), or on <c>http://127.0.0.1:&lt;free port&gt;/</c> when it is null.
    /// A connection that has not sent its request within <paramref name="requestReadTimeout"/> (10 seconds) is dropped.
    /// </summary>
    public static LoopbackRedirectListener Start(Uri? configured, TimeSpan? requestReadTimeout = null)
    {
        Uri template = configured ?? new Uri("http://127.0.0.1/");
        int port = configured is { IsDefaultPort: false } ? configured.Port : 0;
        TcpListener listener = new(IPAddress.Loopback, port);
        listener.Start();
        int actual = ((IPEndPoint)listener.LocalEndpoint).Port;
        UriBuilder redirect = new(template) { Port = actual };
        return new LoopbackRedirectListener(listener, redirect.Uri, requestReadTimeout ?? DefaultRequestReadTimeout);
    }

    /// <summary>
    /// Whether <paramref name="uri"/> may be a redirect URI: plain HTTP to <c>127.0.0.1</c>, without query or fragment.
    /// Not <c>localhost</c>, which a browser may resolve to an address the listener is not on (RFC 8252 §8.3).
    /// </summary>
    public static bool IsLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);

    /// <summary>Waits for the redirect that carries <paramref name="state"/>, answers the browser, and returns what it carried.</summary>
    public async Task<AuthorizationResponse> WaitAsync(string state, Action<string> note, CancellationToken cancellationToken)
    {
        while (true)
        {
            using TcpClient connection = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using NetworkStream stream = connection.GetStream();
            string? target;
            using (CancellationTokenSource reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // A connection that sends nothing (another local program) must not keep the browser's out.
                reading.CancelAfter(_requestReadTimeout);
                try
                {
                    target = await ReadRequestTargetAsync(stream, reading.Token);
                }
                catch (Exception e) when ((e is OperationCanceledException && !cancellationToken.IsCancellationRequested) || e is IOException)
                {
                    continue;
                }
            }

            if (target is null || !target.StartsWith('/'))
            {
                await RespondAsync(stream, 400, "Bad request.", cancellationToken);
                continue;
            }

            int queryStart = target.IndexOf('?', StringComparison.Ordinal);
            string path = queryStart < 0 ? target : target[..queryStart];
            if (!string.Equals(path, _path, StringComparison.Ordinal))
            {
                await RespondAsync(stream, 404, "Not found.", cancellationToken);
                continue;
            }

            Dictionary<string, StringValues> query = QueryHelpers.ParseQuery(queryStart < 0 ? "" : target[queryStart..]);
            if (!query.TryGetValue("state", out StringValues received) || !string.Equals(received.ToString(), state, StringComparison.Ordinal))
            {
                note("ignored a request to the redirect address that did not carry this sign-in's state");
                await RespondAsync(stream, 400, "This is not the sign-in floe is waiting for.", cancellationToken);
                continue;
            }

            string? code = query.TryGetValue("code", out StringValues codes) ? codes.ToString() : null;
            string? error = query.TryGetValue("error", out StringValues errors) ? errors.ToString() : null;
            string? description = query.TryGetValue("error_description", out StringValues descriptions) ? descriptions.ToString() : null;
            bool signedIn = error is null && !string.IsNullOrEmpty(code);
            await RespondAsync(stream, signedIn ? 200 : 400,
                signedIn ? "Signed in: you can close this window and go back to floe." : "The sign-in did not succeed; floe shows why.",
                cancellationToken);
            return new AuthorizationResponse(signedIn ? code : null, signedIn ? null : error ?? "invalid_request", description);
        }
    }

    /// <summary>The request target of the request line (<c>GET /path?query HTTP/1.1</c>), or null when it is not a GET.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxRequestHead];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        string head = Encoding.ASCII.GetString(buffer, 0, length);
        int lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal);
        string[] requestLine = (lineEnd < 0 ? head : head[..lineEnd]).Split(' ');
        return requestLine is ["GET", string target, ..] ? target : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string message, CancellationToken cancellationToken)
    {
        string body = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>floe</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
        byte[] bodyBytes = Encoding.UTF8.GetBytes(body);
        string reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Bad Request" };
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {bodyBytes.Length}\r\n" +
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            await stream.WriteAsync(bodyBytes, cancellationToken);
        }
        catch (IOException)
        {
            // The browser went away before reading the answer: nothing floe needs from it.
        }
    }

    public void Dispose() => _listener.Dispose();
}
