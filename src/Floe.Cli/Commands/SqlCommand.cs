using System.CommandLine;
using Floe.Cli.Client;
using Floe.Cli.Client.Wire;
using Floe.Cli.Connections;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe sql</c>: sends the SQL (all of it, in one request: the server runs the statements in order in
/// one session) to the SQL API and prints each statement's result. Exit codes per PRODUCT.md §7.
/// </summary>
internal static class SqlCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Option<string?> query = new("--query", "-q") { Description = "SQL to run (one or more statements separated by ';')." };
        Option<string?> fileName = new("--filename", "-f") { Description = "File with the SQL to run." };
        Option<string> format = new("--format")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong([.. ResultWriter.FormatNames]);
        ConnectionOptions connection = new();

        Command command = new("sql", "Run SQL statements against Floe; reads standard input when neither -q nor -f is given.")
        {
            query, fileName, format,
        };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            SqlInvocation invocation = new(
                result.GetValue(query), result.GetValue(fileName), ResultWriter.ParseFormat(result.GetRequiredValue(format)));
            return RunAsync(result, invocation, connection, environment, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult result, SqlInvocation invocation, ConnectionOptions connection, CliEnvironment environment,
        CancellationToken cancellationToken)
    {
        TextWriter error = result.InvocationConfiguration.Error;
        if (!SqlInput.TryRead(invocation.Query, invocation.FileName, environment, out string sql, out string message)
            || !connection.TryResolve(result, environment, out ResolvedConnection resolved, out message)
            || !resolved.TryGetBaseAddress(out Uri baseAddress, out message))
        {
            error.WriteLine(message);
            return ExitCodes.Usage;
        }
        using FloeApiClient client = CreateClient(baseAddress, environment);
        ApiResult<IReadOnlyList<StatementResult>> outcome = await ExecuteAsync(client, resolved.Settings, sql, cancellationToken);
        if (!outcome.IsSuccess)
        {
            error.WriteLine(outcome.Error);
            return outcome.Error.ExitCode;
        }
        ResultWriter.Write(result.InvocationConfiguration.Output, invocation.Format, outcome.Value);
        return ExitCodes.Success;
    }

    private static async Task<ApiResult<IReadOnlyList<StatementResult>>> ExecuteAsync(
        FloeApiClient client, ConnectionSettings settings, string sql, CancellationToken cancellationToken)
    {
        ApiResult<string> token = await SessionAuthenticator.GetTokenAsync(client, settings, cancellationToken);
        if (!token.IsSuccess)
        {
            return token.Error;
        }
        StatementRequest request = new(sql, settings.Role, settings.Database, settings.Schema);
        return await client.ExecuteAsync(token.Value, request, cancellationToken);
    }

    private static FloeApiClient CreateClient(Uri baseAddress, CliEnvironment environment) =>
        new(baseAddress, environment.CreateHttpHandler?.Invoke());

    private sealed record SqlInvocation(string? Query, string? FileName, OutputFormat Format);
}
