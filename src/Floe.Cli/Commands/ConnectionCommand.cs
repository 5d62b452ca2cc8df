using System.CommandLine;
using System.Text.Json.Nodes;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe connection add | list | test</c>: the named connections of the config file, like the Snowflake
/// CLI's. Secrets are written to the file (mode 0600) but never printed.
/// </summary>
internal static class ConnectionCommand
{
    private const string Mask = "****";

    public static Command Create(CliEnvironment environment)
    {
        Command command = new("connection", "Manage and test the connections of the config file.");
        command.Subcommands.Add(AddCommand(environment));
        command.Subcommands.Add(ListCommand(environment));
        command.Subcommands.Add(TestCommand(environment));
        return command;
    }

    private static Command AddCommand(CliEnvironment environment)
    {
        Option<string> name = new("--connection-name", "-n") { Description = "Name of the new connection.", Required = true };
        Option<string?> configFile = ConfigFileOption();
        Option<bool> makeDefault = new("--default") { Description = "Make it the default connection (default_connection_name)." };
        Option<bool> overwrite = new("--overwrite") { Description = "Replace a connection of the same name." };
        Option<string?> warehouse = new("--warehouse") { Description = "Accepted for the Snowflake CLI's sake and ignored: Floe has no warehouses." };
        (string Key, Option<string?> Option)[] settings = SettingOptions();
        Command command = new("add",
            "Add a connection to the config file (created with mode 0600 if missing). With --user and no --password, " +
            "--token or --private-key-file, asks for the password on the terminal (not echoed), or reads one line of standard input; " +
            "the same for the passphrase of an encrypted --private-key-file.")
        {
            name, configFile, makeDefault, overwrite, warehouse,
        };
        foreach ((_, Option<string?> option) in settings)
        {
            command.Options.Add(option);
        }
        command.SetAction(result =>
        {
            List<KeyValuePair<string, string>> values =
            [
                .. settings
                    .Select(setting => KeyValuePair.Create(setting.Key, result.GetValue(setting.Option) ?? ""))
                    .Where(pair => pair.Value.Length > 0),
            ];
            if (result.GetResult(warehouse) is { Implicit: false })
            {
                result.InvocationConfiguration.Error.WriteLine("note: --warehouse is ignored: Floe has no warehouses.");
            }
            if (!SecretPrompt.TryComplete(values, environment, result.InvocationConfiguration.Error))
            {
                return ExitCodes.Usage;
            }
            return Add(result, result.GetRequiredValue(name).Trim(), ConfigPath(result, configFile, environment), values,
                result.GetValue(makeDefault), result.GetValue(overwrite));
        });
        return command;
    }

    private static int Add(
        ParseResult result, string name, string path, List<KeyValuePair<string, string>> values, bool makeDefault, bool overwrite)
    {
        TextWriter error = result.InvocationConfiguration.Error;
        if (name.Length == 0)
        {
            error.WriteLine("the connection name is empty");
            return ExitCodes.Usage;
        }
        if (!ConnectionConfigWriter.TryAdd(path, name, values, makeDefault, overwrite, out string message))
        {
            error.WriteLine(message);
            return ExitCodes.Error;
        }
        result.InvocationConfiguration.Output.WriteLine($"Connection '{name}' written to {path}.");
        return ExitCodes.Success;
    }

    /// <summary>The settings <c>add</c> takes as flags, by config key, in the file's key order.</summary>
    private static (string Key, Option<string?> Option)[] SettingOptions() =>
    [
        ("host", new("--host") { Description = "Account host: host[:port] or a URL." }),
        ("account", new("--account", "--accountname") { Description = "Account identifier <org>-<account> (key-pair authentication)." }),
        ("user", new("--user", "--username") { Description = "User name." }),
        ("password", new("--password") { Description = "Password or programmatic access token (asked for when omitted: see above)." }),
        ("private_key_file", new("--private-key-file", "--private-key-path") { Description = "PEM private key for key-pair authentication." }),
        ("token", new("--token") { Description = "Session token to use instead of logging in." }),
        ("role", new("--role", "--rolename") { Description = "Role of the session." }),
        ("database", new("--database", "--dbname") { Description = "Current database." }),
        ("schema", new("--schema", "--schemaname") { Description = "Current schema." }),
    ];

    private static Command ListCommand(CliEnvironment environment)
    {
        Option<string?> configFile = ConfigFileOption();
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("list", "List the connections of the config file, secrets masked.") { configFile, format };
        command.SetAction(result =>
        {
            string path = ConfigPath(result, configFile, environment);
            if (!ConnectionConfig.TryLoad(path, out ConnectionConfig config, out string error))
            {
                result.InvocationConfiguration.Error.WriteLine(error);
                return ExitCodes.Error;
            }
            string? defaultName = environment.GetVariable(EnvironmentVariables.DefaultConnectionName)
                ?? config.DefaultConnectionName
                ?? (config.Connections.ContainsKey(ConnectionResolver.DefaultConnectionName) ? ConnectionResolver.DefaultConnectionName : null);
            WriteList(result.InvocationConfiguration.Output, CommandFormat.Read(result, format), config, defaultName);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command TestCommand(CliEnvironment environment)
    {
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("test", "Log in with a connection and show who the session is.") { format };
        ConnectionOptions connection = new();
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => ClientSession.RunAsync(result, connection, environment, async (session, ct) =>
        {
            ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(
                "SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_ACCOUNT(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_REGISTRY_HOST()", ct);
            if (!outcome.IsSuccess)
            {
                return session.Fail(outcome.Error);
            }
            IReadOnlyList<string?> row = outcome.Value[^1].Rows is [{ } first, ..] ? first : [];
            string?[] labels = ["User", "Role", "Account", "Database", "Schema", "Registry host"];
            List<(string Key, string? Value)> fields =
            [
                ("Connection name", session.Connection.Name),
                ("Status", "OK"),
                ("Host", session.Settings.Host),
                .. labels.Select((label, i) => (label!, i < row.Count ? row[i] : null)),
            ];
            WriteFields(session.Output, CommandFormat.Read(result, format), fields);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void WriteList(TextWriter output, OutputFormat format, ConnectionConfig config, string? defaultName)
    {
        IEnumerable<(string Name, JsonObject Parameters, bool IsDefault)> entries = config.Connections
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (entry.Key, Parameters(entry.Value), entry.Key == defaultName));
        if (format == OutputFormat.Json)
        {
            JsonArray array = [];
            foreach ((string name, JsonObject parameters, bool isDefault) in entries)
            {
                array.Add(new JsonObject { ["connection_name"] = name, ["parameters"] = parameters, ["is_default"] = isDefault });
            }
            JsonOutput.Write(output, array);
            return;
        }
        ResultWriter.Write(output, OutputFormat.Table,
        [
            CommandFormat.Table(["connection_name", "parameters", "is_default"],
                entries.Select(entry => (IReadOnlyList<string?>)[entry.Name, entry.Parameters.ToJsonString(), entry.IsDefault ? "True" : "False"])),
        ]);
    }

    private static JsonObject Parameters(ConnectionSettings settings)
    {
        JsonObject parameters = [];
        foreach (KeyValuePair<string, string> pair in ConnectionConfig.ToKeys(settings))
        {
            parameters[pair.Key] = ConnectionConfig.IsSecret(pair.Key) ? Mask : pair.Value;
        }
        return parameters;
    }

    private static void WriteFields(TextWriter output, OutputFormat format, List<(string Key, string? Value)> fields)
    {
        if (format == OutputFormat.Json)
        {
            JsonObject json = [];
            foreach ((string key, string? value) in fields)
            {
                json[key.ToLowerInvariant().Replace(' ', '_')] = value;
            }
            JsonOutput.Write(output, json);
            return;
        }
        ResultWriter.Write(output, OutputFormat.Table,
            [CommandFormat.Table(["key", "value"], fields.Select(field => (IReadOnlyList<string?>)[field.Key, field.Value]))]);
    }

    private static Option<string?> ConfigFileOption() =>
        new("--config-file") { Description = "Config file (default ~/.floe/config.toml, or FLOE_CONFIG_FILE)." };

    private static string ConfigPath(ParseResult result, Option<string?> configFile, CliEnvironment environment) =>
        ConnectionResolver.ChooseConfigFile(new ConnectionRequest(null, result.GetValue(configFile), ConnectionSettings.Empty), environment).Path;
}
