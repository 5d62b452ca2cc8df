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
    };
}
