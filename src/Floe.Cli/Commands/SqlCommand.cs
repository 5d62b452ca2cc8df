using System.CommandLine;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe sql</c>: sends the SQL (all of it, in one request: the server runs the statements in order in
/// one session) to the SQL API and prints each statement's result, with the exit codes of docs/cli.md.
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
        format.AcceptOnlyFromAmongIgnoringCase([.. ResultWriter.FormatNames]);
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

    private static Task<int> RunAsync(
        ParseResult result, SqlInvocation invocation, ConnectionOptions connection, CliEnvironment environment,
        CancellationToken cancellationToken)
    {
        if (!SqlInput.TryRead(invocation.Query, invocation.FileName, environment, out string sql, out string message))
        {
            result.InvocationConfiguration.Error.WriteLine(message);
            return Task.FromResult(ExitCodes.Usage);
        }
        return ClientSession.RunAsync(result, connection, environment, async (session, ct) =>
        {
            ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(sql, ct);
            if (!outcome.IsSuccess)
            {
                // What ran before the failing statement keeps its effect: show it, then the error.
                if (outcome.Error.Completed.Count > 0)
                {
                    ResultWriter.Write(session.Output, invocation.Format, outcome.Error.Completed);
                }
                return session.Fail(outcome.Error);
            }
            ResultWriter.Write(session.Output, invocation.Format, outcome.Value);
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private sealed record SqlInvocation(string? Query, string? FileName, OutputFormat Format);
}
