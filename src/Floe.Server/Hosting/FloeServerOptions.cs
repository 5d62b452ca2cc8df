namespace Floe.Server.Hosting;

/// <summary>
/// Settings of <c>floe serve</c>. Bound from the standard ASP.NET configuration sources: a JSON file
/// given with <c>--config</c>, environment variables with the <c>FLOE_</c> prefix
/// (<c>FLOE_DATADIR</c>, <c>FLOE_DOMAIN</c>, …) and command-line flags, in increasing precedence.
/// </summary>
public sealed record FloeServerOptions
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

    /// <summary>Whether a TLS certificate or key is configured, so <c>https://</c> is served.</summary>
    public bool TlsEnabled => !string.IsNullOrWhiteSpace(TlsCert) || !string.IsNullOrWhiteSpace(TlsKey);

    /// <summary>The listen addresses in effect: <see cref="Listen"/>, or the default for the TLS setting.</summary>
    public string ListenUrls => string.IsNullOrWhiteSpace(Listen)
        ? (TlsEnabled ? "https" : "http") + "://127.0.0.1:5000"
        : Listen;

    /// <summary>Where the embedded default keeps its SQLite database and blobs.</summary>
    public string DataDir { get; init; } = "./floe-data";

    /// <summary>The registry domain; account hosts are <c>&lt;org&gt;-&lt;account&gt;.&lt;domain&gt;</c> (PRODUCT.md §1.2).</summary>
    public string Domain { get; init; } = "registry.localhost";

    /// <summary>The organization's name.</summary>
    public string Organization { get; init; } = "LOCAL";

    /// <summary>The first account, created on first start (PRODUCT.md §1.4).</summary>
    public string BootstrapAccount { get; init; } = "DEV";

    /// <summary>The admin user of the bootstrap account (PRODUCT.md §1.4).</summary>
    public string AdminUser { get; init; } = "ADMIN";

    /// <summary>
    /// The bootstrap admin's password, from <c>FLOE_ADMIN_PASSWORD</c> (or this setting); when unset, a strong
    /// one is generated on first start, printed once and written to <see cref="AdminPasswordFile"/>.
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>The PBKDF2 iteration count for new password hashes (OWASP's recommendation by default).</summary>
    public int PasswordHashIterations { get; init; } = Floe.Core.Security.PasswordHasher.RecommendedIterations;

    /// <summary>
    /// The account that answers on hosts outside the registry domain (<c>localhost:5000</c>), so that a
    /// single-tenant install works without DNS; empty for none.
    /// </summary>
    public string DefaultAccount { get; init; } = "DEV";

    /// <summary>The largest manifest body accepted (PRODUCT.md §6.4).</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The cap on <c>n</c> for tag and catalog pages.</summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>Uploads idle for longer than this are removed.</summary>
    public TimeSpan UploadIdleTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often idle uploads are looked for.</summary>
    public TimeSpan UploadSweepInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a session token lives (PRODUCT.md §4.3).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether <c>/v2/</c> demands a registry token (PRODUCT.md §4.4): on by default, as the contract wants.
    /// Turning it off serves the registry anonymously — only for a throwaway registry on loopback.
    /// </summary>
    public bool RequireAuthentication { get; init; } = true;

    /// <summary>
    /// Whether <c>GET /metrics</c> serves the server's Prometheus metrics on the main listener, without
    /// authentication: on by default, as they hold aggregate counts only, never a repository, user or account name.
    /// </summary>
    public bool Metrics { get; init; } = true;

    /// <summary>How long a registry token lives (PRODUCT.md §4.4); at least 60 seconds.</summary>
    public TimeSpan RegistryTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a registry refresh token (<c>access_type=offline</c>) lives.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a key signs registry tokens before a new one replaces it.</summary>
    public TimeSpan SigningKeyLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often a node reads the signing keys again, so a rotation on one node reaches every node.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The port clients reach Floe on, for repository URLs (PRODUCT.md §2.3); by default the port of
    /// <see cref="Listen"/> (its first <c>https://</c> address when TLS is on). A configured 80 or 443 is left
    /// out of URLs; a port taken from <see cref="Listen"/> is left out when it is its scheme's own (443 for
    /// <c>https</c>, 80 for <c>http</c>).
    /// </summary>
    public int? PublicPort { get; init; }

    /// <summary>
    /// How the server writes its log (PRODUCT.md §8.3): <c>text</c>, the console's lines for people, or
    /// <c>json</c>, one JSON object a line (timestamp, level, category, message, state) for log collectors.
    /// </summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// On SIGTERM or Ctrl+C the server stops taking connections and gives requests in flight — an
    /// upload, say — this long to finish before it stops (PRODUCT.md §8.3).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

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

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDir), "metadata.db");

    public string BlobRoot => Path.Combine(Path.GetFullPath(DataDir), "storage");

    /// <summary>Where a generated bootstrap password is written, readable by the owner only.</summary>
    public string AdminPasswordFile => Path.Combine(Path.GetFullPath(DataDir), "admin-password");
}
