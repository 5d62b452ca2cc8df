using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Hosting;

/// <summary>
/// Clients that hang up mid-request against the real <c>floe serve</c>: a client going away is not a
/// server error, so the process output has no "unhandled exception" and no stack trace, the metrics
/// count no 5xx, and the failed single-request upload leaves no upload behind.
/// </summary>
public sealed class ClientHangUpTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private FloeProcess _floe = null!;
    private HttpClient _client = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _floe = await FloeProcess.StartAsync("db/sch/repo");
        _token = await _floe.RegistryTokenAsync($"repository:{Name}:pull,push");
        _client = _floe.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _floe.DisposeAsync();
    }

    [Fact]
    public async Task HangUps_MidUploadAndMidDownload_LogNoUnhandledExceptionAndCountNoServerError()
    {
        byte[] blob = RandomNumberGenerator.GetBytes(8 << 20);
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        HttpResponseMessage started = await _client.PostAsync($"/v2/{Name}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        string location = started.Headers.Location!.OriginalString;

        await HangUpMidBodyAsync("POST", $"/v2/{Name}/blobs/uploads/?digest={digest}", blob);
        await HangUpMidBodyAsync("PATCH", location, blob);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(blob))).StatusCode);
        await HangUpMidDownloadAsync($"/v2/{Name}/blobs/{digest}");
        Dictionary<string, double> metrics = await WaitForRequestsAsync(("upload_start", 3), ("upload_chunk", 1), ("blob_get", 1));

        Assert.Equal(0, metrics.Where(metric => metric.Key.Contains("status=\"5xx\"", StringComparison.Ordinal)).Sum(metric => metric.Value));
        // Only the chunked upload is still open: the cut single-request upload is gone.
        Assert.Equal(1, metrics["floe_uploads_in_progress"]);
        // The cut chunk was taken back whole: the next chunk starts at 0 and the blob completes.
        using HttpRequestMessage patch = new(HttpMethod.Patch, location) { Content = new ByteArrayContent(blob) };
        HttpResponseMessage patched = await _client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        Assert.Equal($"0-{blob.Length - 1}", patched.Headers.GetValues("Range").Single());
        string separator = location.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"{location}{separator}digest={digest}", null)).StatusCode);
        string output = _floe.Output;
        Assert.False(output.Contains("nhandled exception", StringComparison.OrdinalIgnoreCase), output);
        Assert.False(output.Contains("   at ", StringComparison.Ordinal), output);
        Assert.False(output.Contains("fail:", StringComparison.Ordinal), output);
    }

    /// <summary>
    /// Sends the headers of a body announced whole, waits for <c>100 Continue</c> (the server is reading
    /// the body), sends its first MiB, then resets the connection.
    /// </summary>
    private async Task HangUpMidBodyAsync(string method, string target, byte[] body)
    {
        using Socket socket = await ConnectAsync();
        string head = $"{method} {target} HTTP/1.1\r\nHost: {_floe.Host}\r\nAuthorization: Bearer {_token}\r\n"
            + "Content-Type: application/octet-stream\r\nExpect: 100-continue\r\n"
            + string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        byte[] answer = new byte[256];
        int read = await socket.ReceiveAsync(answer);
        Assert.StartsWith("HTTP/1.1 100", Encoding.ASCII.GetString(answer, 0, read), StringComparison.Ordinal);
        await socket.SendAsync(body.AsMemory(0, 1 << 20));
        socket.Close(timeout: 0);
    }

    /// <summary>Asks for a blob, reads the first bytes of the answer, then resets the connection.</summary>
    private async Task HangUpMidDownloadAsync(string target)
    {
        using Socket socket = await ConnectAsync();
        socket.ReceiveBufferSize = 4096;
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {_floe.Host}\r\nAuthorization: Bearer {_token}\r\n\r\n"));
        byte[] first = new byte[4096];
        Assert.True(await socket.ReceiveAsync(first) > 0);
        socket.Close(timeout: 0);
    }

    private async Task<Socket> ConnectAsync()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
        await socket.ConnectAsync(IPAddress.Loopback, _floe.Port);
        return socket;
    }

    /// <summary>Scrapes <c>/metrics</c> until each operation has finished as many requests as given (the server works on after a reset).</summary>
    private async Task<Dictionary<string, double>> WaitForRequestsAsync(params (string Operation, int Count)[] expected)
    {
        Dictionary<string, double> metrics = [];
        for (int attempt = 0; attempt < 300; attempt++)
        {
            metrics = await ScrapeAsync();
            if (expected.All(e => Finished(metrics, e.Operation) >= e.Count))
            {
                return metrics;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            "the server did not finish the cut requests:\n" + string.Join('\n', metrics.Where(m => m.Key.StartsWith("floe_http_requests_total", StringComparison.Ordinal))) + "\n" + _floe.Output);
    }

    private static double Finished(Dictionary<string, double> metrics, string operation) =>
        metrics.Where(metric => metric.Key.StartsWith($"floe_http_requests_total{{operation=\"{operation}\"", StringComparison.Ordinal))
            .Sum(metric => metric.Value);

    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        string text = await _client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(fields => fields[0], fields => double.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
