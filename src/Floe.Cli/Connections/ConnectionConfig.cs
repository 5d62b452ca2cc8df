using Tomlyn;
using Tomlyn.Model;

namespace Floe.Cli.Connections;

/// <summary>
/// The connections of a config file (<c>~/.floe/config.toml</c> by default), Snowflake CLI style:
/// <code>
/// default_connection_name = "dev"
///
/// [connections.dev]
/// host = "local-dev.registry.localhost:5000"
/// user = "ADMIN"
/// password = "..."
/// role = "ACCOUNTADMIN"
/// </code>
/// Keys inside a connection are checked (a typo such as <c>pasword</c> is an error, not a silent
/// no-op); other top-level tables are left for other commands.
/// </summary>
internal sealed record ConnectionConfig(string? DefaultConnectionName, IReadOnlyDictionary<string, ConnectionSettings> Connections)
{
    public static ConnectionConfig Empty { get; } = new(null, new Dictionary<string, ConnectionSettings>());

    public static readonly IReadOnlyList<string> Keys =
        ["host", "account", "user", "password", "private_key_file", "private_key_passphrase", "token", "role", "database", "schema", "authenticator",
        "oauth_client_id", "oauth_issuer", "oauth_authorization_url", "oauth_token_request_url", "oauth_scope", "oauth_redirect_uri"];

    /// <summary>Reads the file; a file that does not exist reads as <see cref="Empty"/>.</summary>
    public static bool TryLoad(string path, out ConnectionConfig config, out string error)
    {
        config = Empty;
        error = "";
        if (!File.Exists(path))
        {
            return true;
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read config file {path}: {e.Message}";
            return false;
        }
        return TryParse(text, path, out config, out error);
    }

    public static bool TryParse(string text, string sourceName, out ConnectionConfig config, out string error)
    {
        config = Empty;
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = sourceName }) ?? [];
        }
        catch (TomlException e)
        {
            error = $"invalid config file: {e.Message}";
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn's lexer throws this instead of a TomlException for an escape cut off by the end of the file.
            error = $"invalid config file {sourceName}: a string escape sequence is incomplete or names no character";
            return false;
        }
        return TryRead(root, sourceName, out config, out error);
    }

    private static bool TryRead(TomlTable root, string sourceName, out ConnectionConfig config, out string error)
    {
        config = Empty;
        string? defaultName = null;
        if (root.TryGetValue("default_connection_name", out object? value))
        {
            if (!TryGetString(value, "default_connection_name", sourceName, out string name, out error))
            {
                return false;
            }
            defaultName = name.Length > 0 ? name : null;
        }
        Dictionary<string, ConnectionSettings> connections = new(StringComparer.Ordinal);
        if (root.TryGetValue("connections", out object? section)
            && !TryReadConnections(section, sourceName, connections, out error))
        {
            return false;
        }
        config = new ConnectionConfig(defaultName, connections);
        error = "";
        return true;
    }

    private static bool TryReadConnections(
        object section, string sourceName, Dictionary<string, ConnectionSettings> connections, out string error)
    {
        if (section is not TomlTable table)
        {
            error = $"invalid config file {sourceName}: 'connections' must be a table ([connections.<name>])";
            return false;
        }
        foreach (KeyValuePair<string, object> entry in table)
        {
            if (entry.Value is not TomlTable connection)
            {
                error = $"invalid config file {sourceName}: 'connections.{entry.Key}' must be a table";
                return false;
            }
            if (!TryReadConnection(entry.Key, connection, sourceName, out ConnectionSettings settings, out error))
            {
                return false;
            }
            connections[entry.Key] = settings;
        }
        error = "";
        return true;
    }

    private static bool TryReadConnection(
        string name, TomlTable table, string sourceName, out ConnectionSettings settings, out string error)
    {
        settings = ConnectionSettings.Empty;
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object> entry in table)
        {
            string where = $"connections.{name}.{entry.Key}";
            if (!Keys.Contains(entry.Key))
            {
                error = $"invalid config file {sourceName}: unknown key '{where}' (known keys: {string.Join(", ", Keys)})";
                return false;
            }
            if (!TryGetString(entry.Value, where, sourceName, out string? text, out error))
            {
                return false;
            }
            values[entry.Key] = text;
        }
        settings = FromKeys(values);
        error = "";
        return true;
    }

    private static bool TryGetString(object value, string where, string sourceName, out string text, out string error)
    {
        text = value as string ?? "";
        error = value is string ? "" : $"invalid config file {sourceName}: '{where}' must be a string";
        return value is string;
    }

    private static ConnectionSettings FromKeys(Dictionary<string, string> values) => new()
    {
        Host = NonEmpty(values, "host"),
        User = NonEmpty(values, "user"),
        Password = NonEmpty(values, "password"),
        PrivateKeyFile = NonEmpty(values, "private_key_file"),
        PrivateKeyPassphrase = NonEmpty(values, "private_key_passphrase"),
        Account = NonEmpty(values, "account"),
        Token = NonEmpty(values, "token"),
        Role = NonEmpty(values, "role"),
        Database = NonEmpty(values, "database"),
        Schema = NonEmpty(values, "schema"),
        Authenticator = NonEmpty(values, "authenticator"),
        OAuthClientId = NonEmpty(values, "oauth_client_id"),
        OAuthIssuer = NonEmpty(values, "oauth_issuer"),
        OAuthAuthorizationUrl = NonEmpty(values, "oauth_authorization_url"),
        OAuthTokenRequestUrl = NonEmpty(values, "oauth_token_request_url"),
        OAuthScope = NonEmpty(values, "oauth_scope"),
        OAuthRedirectUri = NonEmpty(values, "oauth_redirect_uri"),
    };

    /// <summary>The settings that are set, as config-file keys in <see cref="Keys"/> order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToKeys(ConnectionSettings settings)
    {
        string?[] values =
        [
            settings.Host, settings.Account, settings.User, settings.Password, settings.PrivateKeyFile,
            settings.PrivateKeyPassphrase, settings.Token, settings.Role, settings.Database, settings.Schema, settings.Authenticator,
            settings.OAuthClientId, settings.OAuthIssuer, settings.OAuthAuthorizationUrl, settings.OAuthTokenRequestUrl, settings.OAuthScope,
            settings.OAuthRedirectUri,
        ];
        return [.. Keys.Zip(values).Where(pair => pair.Second is not null).Select(pair => KeyValuePair.Create(pair.First, pair.Second!))];
    }

    /// <summary>The keys whose values are secrets, masked wherever settings are shown.</summary>
    public static bool IsSecret(string key) => key is "password" or "token" or "private_key_passphrase";

    private static string? NonEmpty(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;
}
