using System.CommandLine;

namespace Floe.Cli.Connections;

/// <summary>
/// The connection flags shared by every command that talks to a running Floe (<c>floe sql</c>,
/// <c>floe spcs ...</c>, <c>floe connection test</c>). Create one per command, <see cref="AddTo"/> it,
/// and call <see cref="TryResolve"/> in the command's action (or let <c>ClientSession</c> do it).
/// </summary>
internal sealed class ConnectionOptions
{
    private readonly Option<string?> _connection = new("--connection", "-c")
    {
        Description = "Name of the connection in the config file ([connections.<name>]).",
    };
    private readonly Option<string?> _configFile = new("--config-file")
    {
        Description = "Config file to read connections from (default ~/.floe/config.toml, or FLOE_CONFIG_FILE).",
    };
    private readonly Option<string?> _host = new("--host") { Description = "Account host: host[:port] or a URL (FLOE_HOST)." };
    private readonly Option<string?> _account = new("--account", "--accountname") { Description = "Account identifier <org>-<account> for key-pair authentication (FLOE_ACCOUNT)." };
    private readonly Option<string?> _user = new("--user", "--username") { Description = "User name (FLOE_USER)." };
    private readonly Option<string?> _password = new("--password") { Description = "Password or programmatic access token (FLOE_PASSWORD)." };
    private readonly Option<string?> _privateKeyFile = new("--private-key-file", "--private-key-path") { Description = "Private key for key-pair authentication (FLOE_PRIVATE_KEY_FILE)." };
    private readonly Option<string?> _token = new("--token") { Description = "Session token to use instead of logging in (FLOE_TOKEN)." };
    private readonly Option<string?> _role = new("--role", "--rolename") { Description = "Role of the session (FLOE_ROLE)." };
    private readonly Option<string?> _database = new("--database", "--dbname") { Description = "Current database of the session (FLOE_DATABASE)." };
    private readonly Option<string?> _schema = new("--schema", "--schemaname") { Description = "Current schema of the session (FLOE_SCHEMA)." };
    private readonly Option<string?> _warehouse = new("--warehouse") { Description = "Accepted for the Snowflake CLI's sake and ignored: Floe has no warehouses." };
    private readonly Option<bool> _temporary = new("--temporary-connection", "-x")
    {
        Description = "Use only the connection flags and FLOE_* variables, no connection of the config file.",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in All())
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Merges config file, environment and flags; false with a usage message when that fails.</summary>
    public bool TryResolve(ParseResult result, CliEnvironment environment, out ResolvedConnection connection, out string error) =>
        ConnectionResolver.TryResolve(ReadRequest(result), environment, out connection, out error);

    /// <summary>What the user should know about the flags given, for standard error (an ignored <c>--warehouse</c>).</summary>
    public IEnumerable<string> Notes(ParseResult result)
    {
        if (result.GetResult(_warehouse) is { Implicit: false })
        {
            yield return "note: --warehouse is ignored: Floe has no warehouses.";
        }
    }

    public ConnectionRequest ReadRequest(ParseResult result) => new(
        Value(result, _connection),
        Value(result, _configFile),
        new ConnectionSettings
        {
            Host = Value(result, _host),
            Account = Value(result, _account),
            User = Value(result, _user),
            Password = Value(result, _password),
            PrivateKeyFile = Value(result, _privateKeyFile),
            Token = Value(result, _token),
            Role = Value(result, _role),
            Database = Value(result, _database),
            Schema = Value(result, _schema),
        },
        result.GetValue(_temporary));

    private IEnumerable<Option> All() =>
        [_connection, _configFile, _host, _account, _user, _password, _privateKeyFile, _token, _role, _database, _schema, _warehouse, _temporary];

    private static string? Value(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { Length: > 0 } value ? value : null;
}
