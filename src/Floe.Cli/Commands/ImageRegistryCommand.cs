using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe spcs image-registry</c>: a session token for <c>docker login</c>, the
/// login itself, and the account's registry host (from <c>SELECT CURRENT_REGISTRY_HOST()</c>).
/// </summary>
internal static class ImageRegistryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Command command = new("image-registry", "Log in to the account's image registry.");
        command.Subcommands.Add(TokenCommand(environment));
        command.Subcommands.Add(LoginCommand(environment));
        command.Subcommands.Add(UrlCommand(environment));
        return command;
    }

    private static Command TokenCommand(CliEnvironment environment)
    {
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("token", "Print a session token for the registry (user 0sessiontoken); --format json is what docker login --password-stdin takes.") { format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) => ClientSession.RunAsync(result, connection, environment, (session, _) =>
        {
            WriteToken(session.Output, CommandFormat.Read(result, format), session.Token);
            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    private static Command LoginCommand(CliEnvironment environment)
    {
        Command command = new("login", "Log docker (or podman) in to the account's registry with a session token; without either, write the Docker config file.");
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) => ClientSession.RunAsync(result, connection, environment, async (session, ct) =>
        {
            ApiResult<string> host = await session.GetRegistryHostAsync(ct);
            return host.IsSuccess
                ? await RegistryLogin.RunAsync(session, host.Value, ct)
                : session.Fail(host.Error);
        }, cancellationToken));
        return command;
    }

    private static Command UrlCommand(CliEnvironment environment)
    {
        Command command = new("url", "Print the account's registry host (with :port when not standard).");
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) => ClientSession.RunAsync(result, connection, environment, async (session, ct) =>
        {
            ApiResult<string> host = await session.GetRegistryHostAsync(ct);
            if (!host.IsSuccess)
            {
                return session.Fail(host.Error);
            }
            session.Output.WriteLine(host.Value);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void WriteToken(TextWriter output, OutputFormat format, SessionToken token)
    {
        long? seconds = token.ExpiresIn is { } expiresIn ? (long)expiresIn.TotalSeconds : null;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(output, new JsonObject { ["token"] = token.Token, ["expires_in"] = seconds });
            return;
        }
        ResultWriter.Write(output, OutputFormat.Table,
        [
            CommandFormat.Table(["key", "value"],
            [
                ["token", token.Token],
                ["expires_in", seconds?.ToString(CultureInfo.InvariantCulture)],
            ]),
        ]);
    }

    private static ConnectionOptions Connect(Command command)
    {
        ConnectionOptions connection = new();
        connection.AddTo(command);
        return connection;
    }
}
