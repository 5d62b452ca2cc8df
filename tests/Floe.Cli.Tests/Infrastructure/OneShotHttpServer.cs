using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Floe.Cli.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.1 server that answers one request with a fixed JSON body and records the request
/// head — enough to check what really goes over the socket without a Floe server.
/// </summary>
internal sealed class OneShotHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<string> _requestHead;

    public OneShotHttpServer(string json)
    {
        _listener.Start();
        _requestHead = ServeOnceAsync(json);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request line and headers the server received.</summary>
    public Task<string> RequestHead => _requestHead;

    public void Dispose() => _listener.Stop();

    private async Task<string> ServeOnceAsync(string json)
    {
        using TcpClient client = await _listener.AcceptTcpClientAsync();
        using NetworkStream stream = client.GetStream();
        (string head, int bodyRead) = await ReadHeadAsync(stream);
        await SkipBodyAsync(stream, ContentLength(head) - bodyRead);
        byte[] body = Encoding.UTF8.GetBytes(json);
        string responseHead = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead));
        await stream.WriteAsync(body);
        return head;
    }

    private static async Task<(string Head, int BodyRead)> ReadHeadAsync(NetworkStream stream)
    {
        List<byte> received = [];
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("connection closed before the request head ended");
            }
            received.AddRange(buffer.AsSpan(0, read));
            string text = Encoding.ASCII.GetString([.. received]);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                return (text[..end], received.Count - end - 4);
            }
        }
    }

    private static async Task SkipBodyAsync(NetworkStream stream, int remaining)
    {
        byte[] buffer = new byte[4096];
        while (remaining > 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)));
            if (read == 0)
            {
                return;
            }
            remaining -= read;
        }
    }

    private static int ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
