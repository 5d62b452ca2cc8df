namespace Floe.Cli.Connections;

/// <summary>The environment variables that client commands read; each overrides the config file.</summary>
internal static class EnvironmentVariables
{
    public const string ConfigFile = "FLOE_CONFIG_FILE";
    public const string DefaultConnectionName = "FLOE_DEFAULT_CONNECTION_NAME";
    public const string Host = "FLOE_HOST";
    public const string User = "FLOE_USER";
    public const string Password = "FLOE_PASSWORD";
    public const string PrivateKeyFile = "FLOE_PRIVATE_KEY_FILE";
    public const string PrivateKeyPassphrase = "FLOE_PRIVATE_KEY_PASSPHRASE";
    public const string Account = "FLOE_ACCOUNT";
    public const string Token = "FLOE_TOKEN";
    public const string Role = "FLOE_ROLE";
    public const string Database = "FLOE_DATABASE";
    public const string Schema = "FLOE_SCHEMA";
    public const string Authenticator = "FLOE_AUTHENTICATOR";
    public const string OAuthClientId = "FLOE_OAUTH_CLIENT_ID";
    public const string OAuthIssuer = "FLOE_OAUTH_ISSUER";
    public const string OAuthAuthorizationUrl = "FLOE_OAUTH_AUTHORIZATION_URL";
    public const string OAuthTokenRequestUrl = "FLOE_OAUTH_TOKEN_REQUEST_URL";
    public const string OAuthScope = "FLOE_OAUTH_SCOPE";
    public const string OAuthRedirectUri = "FLOE_OAUTH_REDIRECT_URI";

    /// <summary>The connection settings the environment sets (empty variables count as unset).</summary>
    public static ConnectionSettings ReadSettings(CliEnvironment environment) => new()
    {
        Host = environment.GetVariable(Host),
        User = environment.GetVariable(User),
        Password = environment.GetVariable(Password),
        PrivateKeyFile = environment.GetVariable(PrivateKeyFile),
        PrivateKeyPassphrase = environment.GetVariable(PrivateKeyPassphrase),
        Account = environment.GetVariable(Account),
        Token = environment.GetVariable(Token),
        Role = environment.GetVariable(Role),
        Database = environment.GetVariable(Database),
        Schema = environment.GetVariable(Schema),
        Authenticator = environment.GetVariable(Authenticator),
        OAuthClientId = environment.GetVariable(OAuthClientId),
        OAuthIssuer = environment.GetVariable(OAuthIssuer),
        OAuthAuthorizationUrl = environment.GetVariable(OAuthAuthorizationUrl),
        OAuthTokenRequestUrl = environment.GetVariable(OAuthTokenRequestUrl),
        OAuthScope = environment.GetVariable(OAuthScope),
        OAuthRedirectUri = environment.GetVariable(OAuthRedirectUri),
    };
}
