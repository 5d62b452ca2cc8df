namespace Floe.Cli.Connections;

/// <summary>
/// The settings of one connection to Floe, after merging the config file, the environment and the
/// flags. Every property is optional here; the command that uses the settings says which it needs.
/// <see cref="ToString"/> masks the secrets, so a settings object can be logged or shown safely.
/// </summary>
internal sealed record ConnectionSettings
{
    public static ConnectionSettings Empty { get; } = new();

    /// <summary><c>host[:port]</c> or a full <c>http(s)://</c> URL; see <see cref="HostAddress"/>.</summary>
    public string? Host { get; init; }

    public string? User { get; init; }

    /// <summary>A password or a programmatic access token (secret).</summary>
    public string? Password { get; init; }

    public string? PrivateKeyFile { get; init; }

    /// <summary>The passphrase of an encrypted <see cref="PrivateKeyFile"/> (secret).</summary>
    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>The account identifier <c>&lt;org&gt;-&lt;account&gt;</c> that key-pair JWTs name; see <see cref="Client.KeyPairAccount"/>.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// A session token used as is, without logging in — or, with <see cref="Authenticator"/> <c>oauth</c>, the
    /// identity provider's access token that is exchanged for a session (secret).
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// How to sign in: <c>snowflake</c> (the default: token, key pair or password), <c>oauth</c> (an identity
    /// provider's access token in <see cref="Token"/>) or <c>externalbrowser</c> (the provider's sign-in page in a browser).
    /// </summary>
    public string? Authenticator { get; init; }

    /// <summary>With <c>externalbrowser</c>: the client id Floe's CLI has at the identity provider (a public client).</summary>
    public string? OAuthClientId { get; init; }

    /// <summary>With <c>externalbrowser</c>: the provider's issuer, whose discovery document names its endpoints.</summary>
    public string? OAuthIssuer { get; init; }

    /// <summary>With <c>externalbrowser</c>: the provider's authorization endpoint, instead of discovering it.</summary>
    public string? OAuthAuthorizationUrl { get; init; }

    /// <summary>With <c>externalbrowser</c>: the provider's token endpoint, instead of discovering it.</summary>
    public string? OAuthTokenRequestUrl { get; init; }

    /// <summary>With <c>externalbrowser</c>: the scopes to ask for (default: <c>openid</c> and <c>session:role:&lt;role&gt;</c>).</summary>
    public string? OAuthScope { get; init; }

    /// <summary>With <c>externalbrowser</c>: the loopback redirect URI (default: <c>http://127.0.0.1:&lt;free port&gt;/</c>).</summary>
    public string? OAuthRedirectUri { get; init; }

    public string? Role { get; init; }

    public string? Database { get; init; }

    public string? Schema { get; init; }

    /// <summary>Takes every setting that <paramref name="higher"/> has, keeping this one's for the rest.</summary>
    public ConnectionSettings OverriddenBy(ConnectionSettings higher) => new()
    {
        Host = higher.Host ?? Host,
        User = higher.User ?? User,
        Password = higher.Password ?? Password,
        PrivateKeyFile = higher.PrivateKeyFile ?? PrivateKeyFile,
        PrivateKeyPassphrase = higher.PrivateKeyPassphrase ?? PrivateKeyPassphrase,
        Account = higher.Account ?? Account,
        Token = higher.Token ?? Token,
        Authenticator = higher.Authenticator ?? Authenticator,
        OAuthClientId = higher.OAuthClientId ?? OAuthClientId,
        OAuthIssuer = higher.OAuthIssuer ?? OAuthIssuer,
        OAuthAuthorizationUrl = higher.OAuthAuthorizationUrl ?? OAuthAuthorizationUrl,
        OAuthTokenRequestUrl = higher.OAuthTokenRequestUrl ?? OAuthTokenRequestUrl,
        OAuthScope = higher.OAuthScope ?? OAuthScope,
        OAuthRedirectUri = higher.OAuthRedirectUri ?? OAuthRedirectUri,
        Role = higher.Role ?? Role,
        Database = higher.Database ?? Database,
        Schema = higher.Schema ?? Schema,
    };

    public override string ToString() =>
        $"ConnectionSettings {{ Host = {Host}, User = {User}, Password = {Mask(Password)}, " +
        $"PrivateKeyFile = {PrivateKeyFile}, PrivateKeyPassphrase = {Mask(PrivateKeyPassphrase)}, Account = {Account}, Token = {Mask(Token)}, Authenticator = {Authenticator}, Role = {Role}, " +
        $"Database = {Database}, Schema = {Schema}{OAuthText()} }}";

    /// <summary>The <c>externalbrowser</c> settings, shown only when one is set (none of them is a secret).</summary>
    private string OAuthText() =>
        (OAuthClientId ?? OAuthIssuer ?? OAuthAuthorizationUrl ?? OAuthTokenRequestUrl ?? OAuthScope ?? OAuthRedirectUri) is null
            ? ""
            : $", OAuthClientId = {OAuthClientId}, OAuthIssuer = {OAuthIssuer}, OAuthAuthorizationUrl = {OAuthAuthorizationUrl}, " +
              $"OAuthTokenRequestUrl = {OAuthTokenRequestUrl}, OAuthScope = {OAuthScope}, OAuthRedirectUri = {OAuthRedirectUri}";

    public static string? Mask(string? secret) => secret is null ? null : "****";
}
