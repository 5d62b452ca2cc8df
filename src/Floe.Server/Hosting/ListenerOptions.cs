namespace Floe.Server.Hosting;

/// <summary>Where the server listens, with which TLS certificate, the port clients reach it on, and how it stops.</summary>
public sealed record ListenerOptions
{
    /// <summary>
    /// The addresses Kestrel listens on, <c>;</c>-separated; unset, <c>http://127.0.0.1:5000</c>, or
    /// <c>https://127.0.0.1:5000</c> when a TLS certificate is configured (see <see cref="ListenUrls"/>).
    /// </summary>
    public string? Listen { get; init; }

    /// <summary>PEM file with the server certificate, optionally followed by its intermediate CA certificates.</summary>
    public string? TlsCert { get; init; }

    /// <summary>PEM file with the certificate's private key (PKCS#8, PKCS#1 or SEC1 EC; encrypted PKCS#8 with <see cref="TlsKeyPassword"/>).</summary>
    public string? TlsKey { get; init; }

    /// <summary>The passphrase of an encrypted <see cref="TlsKey"/>.</summary>
    public string? TlsKeyPassword { get; init; }

    /// <summary>
    /// The port clients reach Floe on, for repository URLs; by default the port of <see cref="Listen"/>
    /// (its first <c>https://</c> address when TLS is on). A configured 80 or 443 is left out of URLs; a
    /// port taken from <see cref="Listen"/> is left out when it is its scheme's own (443 for <c>https</c>,
    /// 80 for <c>http</c>).
    /// </summary>
    public int? PublicPort { get; init; }

    /// <summary>
    /// On SIGTERM or Ctrl+C the server stops taking connections and gives requests in flight — an
    /// upload, say — this long to finish before it stops.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a TLS certificate or key is configured, so <c>https://</c> is served.</summary>
    public bool TlsEnabled => !string.IsNullOrWhiteSpace(TlsCert) || !string.IsNullOrWhiteSpace(TlsKey);

    /// <summary>The listen addresses in effect: <see cref="Listen"/>, or the default for the TLS setting.</summary>
    public string ListenUrls => string.IsNullOrWhiteSpace(Listen)
        ? (TlsEnabled ? "https" : "http") + "://127.0.0.1:5000"
        : Listen;

    /// <summary><c>:port</c> for repository URLs, or nothing for a standard port.</summary>
    public string PublicPortSuffix
    {
        get
        {
            if (PublicPort is { } configured)
            {
                return configured is 80 or 443 ? string.Empty : Suffix(configured);
            }

            Uri[] addresses = [.. ListenUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(address => Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri) ? uri : null)
                .OfType<Uri>()];
            Uri? address = (TlsEnabled ? addresses.FirstOrDefault(uri => uri.Scheme == Uri.UriSchemeHttps) : null) ?? addresses.FirstOrDefault();
            return address is null ? Suffix(5000) : address.IsDefaultPort ? string.Empty : Suffix(address.Port);
        }
    }

    private static string Suffix(int port) => ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
