namespace Floe.Cli.Connections;

/// <summary>
/// Merges the three sources of connection settings, each overriding the one before:
/// the named connection of the config file &lt; <c>FLOE_*</c> environment variables &lt; flags.
/// </summary>
/// <remarks>
/// The config file is <c>--config-file</c>, else <c>FLOE_CONFIG_FILE</c>, else <c>~/.floe/config.toml</c>;
/// only the last may be missing. The connection is <c>-c/--connection</c>, else
/// <c>FLOE_DEFAULT_CONNECTION_NAME</c>, else the file's <c>default_connection_name</c>, else the
/// connection named <c>default</c> if there is one, else none (environment and flags only).
/// A connection that is named but not defined is an error. With <c>-x</c> no file is read.
/// </remarks>
internal static class ConnectionResolver
{
    public const string DefaultConnectionName = "default";

    public static bool TryResolve(
        ConnectionRequest request, CliEnvironment environment, out ResolvedConnection connection, out string error)
    {
        connection = null!;
        (string path, bool mustExist) = ChooseConfigFile(request, environment);
        if (request.Temporary)
        {
            return TryResolveTemporary(request, environment, path, out connection, out error);
        }
        if (mustExist && !File.Exists(path))
        {
            error = $"config file not found: {path}";
            return false;
        }
        if (!ConnectionConfig.TryLoad(path, out ConnectionConfig config, out error)
            || !TryPickConnection(request, environment, config, path, out string? name, out ConnectionSettings fromFile, out error))
        {
            return false;
        }
        ConnectionSettings settings = fromFile
            .OverriddenBy(EnvironmentVariables.ReadSettings(environment))
            .OverriddenBy(request.Flags);
        connection = new ResolvedConnection(name, path, settings);
        return true;
    }

    /// <summary><c>-x/--temporary-connection</c>: the environment and the flags only; the config file is not read.</summary>
    private static bool TryResolveTemporary(
        ConnectionRequest request, CliEnvironment environment, string path, out ResolvedConnection connection, out string error)
    {
        connection = null!;
        if (request.ConnectionName is not null)
        {
            error = "give either -c/--connection or -x/--temporary-connection, not both";
            return false;
        }
        error = "";
        connection = new ResolvedConnection(null, path,
            EnvironmentVariables.ReadSettings(environment).OverriddenBy(request.Flags));
        return true;
    }

    public static string DefaultConfigFile(CliEnvironment environment) =>
        Path.Combine(environment.HomeDirectory, ".floe", "config.toml");

    public static (string Path, bool MustExist) ChooseConfigFile(ConnectionRequest request, CliEnvironment environment)
    {
        string? chosen = request.ConfigFile ?? environment.GetVariable(EnvironmentVariables.ConfigFile);
        return chosen is null ? (DefaultConfigFile(environment), false) : (Path.GetFullPath(chosen), true);
    }

    private static bool TryPickConnection(
        ConnectionRequest request, CliEnvironment environment, ConnectionConfig config, string path,
        out string? name, out ConnectionSettings settings, out string error)
    {
        name = request.ConnectionName
            ?? environment.GetVariable(EnvironmentVariables.DefaultConnectionName)
            ?? config.DefaultConnectionName;
        error = "";
        if (name is null)
        {
            bool hasDefault = config.Connections.TryGetValue(DefaultConnectionName, out ConnectionSettings? implicitDefault);
            name = hasDefault ? DefaultConnectionName : null;
            settings = implicitDefault ?? ConnectionSettings.Empty;
            return true;
        }
        if (config.Connections.TryGetValue(name, out ConnectionSettings? named))
        {
            settings = named;
            return true;
        }
        settings = ConnectionSettings.Empty;
        error = $"connection '{name}' is not defined in {path}";
        return false;
    }
}

/// <summary>
/// What the command line asked for: a connection name, a config file, flag-level settings, and whether the
/// connection is temporary (<c>-x</c>: flags and environment only, as in the Snowflake CLI).
/// </summary>
internal sealed record ConnectionRequest(string? ConnectionName, string? ConfigFile, ConnectionSettings Flags, bool Temporary = false)
{
    public static ConnectionRequest None { get; } = new(null, null, ConnectionSettings.Empty);
}
