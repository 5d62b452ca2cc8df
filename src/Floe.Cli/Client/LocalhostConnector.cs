using System.Net;
using System.Net.Sockets;

namespace Floe.Cli.Client;

/// <summary>
/// The default HTTP handler of the client: like .NET's, except that names under <c>.localhost</c> connect
/// to the loopback address without asking DNS (RFC 6761 §6.3, as curl and browsers do). Floe's bootstrap
/// account answers on <c>local-dev.registry.localhost</c>, which many systems' resolvers do not know; the
/// request still carries that name in its <c>Host</c> header, which is how Floe picks the account.
/// </summary>
internal static class LocalhostConnector
{
    public static SocketsHttpHandler CreateHandler() => new() { ConnectCallback = ConnectAsync };

    public static bool IsLocalhostSubdomain(string host) =>
        host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost.", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        DnsEndPoint endPoint = context.DnsEndPoint;
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IsLocalhostSubdomain(endPoint.Host))
            {
                await socket.ConnectAsync([IPAddress.Loopback, IPAddress.IPv6Loopback], endPoint.Port, cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(endPoint, cancellationToken);
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
