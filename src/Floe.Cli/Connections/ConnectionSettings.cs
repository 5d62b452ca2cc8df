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

    /// <summary>How to sign in: <c>snowflake</c> (the default: token, key pair or password) or <c>oauth</c>.</summary>
    public string? Authenticator { get; init; }

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
        Role = higher.Role ?? Role,
        Database = higher.Database ?? Database,
        Schema = higher.Schema ?? Schema,
    };

    public override string ToString() =>
        $"ConnectionSettings {{ Host = {Host}, User = {User}, Password = {Mask(Password)}, " +
        $"PrivateKeyFile = {PrivateKeyFile}, PrivateKeyPassphrase = {Mask(PrivateKeyPassphrase)}, Account = {Account}, Token = {Mask(Token)}, Authenticator = {Authenticator}, Role = {Role}, " +
        $"Database = {Database}, Schema = {Schema} }}";

    public static string? Mask(string? secret) => secret is null ? null : "****";
}
