using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Floe.Server.Hosting;

/// <summary>
/// The <see cref="ListenerOptions.ListenUrls"/> checked before anything is written: each must be an
/// <c>http://</c> or <c>https://</c> URL, and each must be free to listen on, so a server that cannot
/// start says so in one line before it creates a data directory or prints a password.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>Throws <see cref="FloeConfigurationException"/> for an address that is not a URL Kestrel can listen on.</summary>
    public static IReadOnlyList<Uri> Parse(string listenUrls)
    {
        List<Uri> addresses = [];
        foreach (string address in listenUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards: * and + mean every interface.
            string parsable = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!address.Contains("://", StringComparison.Ordinal))
            {
                throw new FloeConfigurationException(
                    $"the listen address '{address}' has no scheme: write http://{address} (or https://{address} with --tls-cert and --tls-key)");
            }

            if (!Uri.TryCreate(parsable, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                throw new FloeConfigurationException($"the listen address '{address}' is not of the form http://host:port or https://host:port");
            }

            addresses.Add(uri);
        }

        return addresses.Count > 0 ? addresses : throw new FloeConfigurationException("no listen address is configured (--listen)");
    }

    /// <summary>
    /// Binds and releases each address's port as Kestrel will, so an address in use or not of this
    /// machine is refused now rather than after the data directory is initialised.
    /// </summary>
    public static void EnsureFree(IEnumerable<Uri> addresses)
    {
        foreach (Uri address in addresses)
        {
            if (address.Port == 0)
            {
                continue;
            }

            IPAddress ip = IPAddress.TryParse(address.Host.Trim('[', ']'), out IPAddress? literal) ? literal
                : string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.Any;
            try
            {
                using Socket probe = new(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(ip, address.Port));
                probe.Listen();
            }
            catch (SocketException ex)
            {
                string port = address.Port.ToString(CultureInfo.InvariantCulture);
                string why = ex.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"port {port} is already in use by another process",
                    SocketError.AddressNotAvailable => $"{address.Host} is not an address of this machine",
                    SocketError.AccessDenied => $"permission denied (ports below 1024 need privileges)",
                    _ => ex.Message,
                };
                throw new FloeConfigurationException($"cannot listen on {address.GetLeftPart(UriPartial.Authority)}: {why}");
            }
        }
    }
}
