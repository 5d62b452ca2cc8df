using System.CommandLine;
using Floe.Cli.Client;
using Floe.Cli.Client.ExternalBrowser;
using Floe.Cli.Client.Wire;
using Floe.Cli.Connections;

namespace Floe.Cli.Commands;

/// <summary>
/// A logged-in connection for one client command: resolves the connection options, logs in
/// (<see cref="SessionAuthenticator"/>) and runs SQL in the connection's role, database and schema.
/// <see cref="RunAsync"/> turns a failure before the command's own work into the right exit code.
/// </summary>
internal sealed class ClientSession : IDisposable
{
    private ClientSession(ParseResult result, CliEnvironment environment, ResolvedConnection connection, FloeApiClient client)
    {
        Environment = environment;
        Connection = connection;
        Client = client;
        Output = result.InvocationConfiguration.Output;
        Error = result.InvocationConfiguration.Error;
    }

    /// <summary>Snowflake's 090105: the statement needs a current database or schema and the session has none.</summary>
    private const string NoCurrentContainerCode = "090105";

    public CliEnvironment Environment { get; }

    public ResolvedConnection Connection { get; }

    public ConnectionSettings Settings => Connection.Settings;

    public FloeApiClient Client { get; }

    public SessionToken Token { get; private set; } = new("", null);

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Resolves and logs in, then runs <paramref name="body"/>; usage problems exit 2, login failures 1.</summary>
    public static async Task<int> RunAsync(
        ParseResult result, ConnectionOptions options, CliEnvironment environment,
        Func<ClientSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        TextWriter error = result.InvocationConfiguration.Error;
        if (!options.TryResolve(result, environment, out ResolvedConnection connection, out string message)
            || !connection.TryGetBaseAddress(out Uri baseAddress, out message))
        {
            error.WriteLine(message);
            return ExitCodes.Usage;
        }
        foreach (string note in options.Notes(result))
        {
            error.WriteLine(note);
        }
        using ClientSession session = new(result, environment, connection,
            new FloeApiClient(baseAddress, environment.CreateHttpHandler?.Invoke()));
        ApiResult<SessionToken> token = await SessionAuthenticator.GetSessionAsync(
            session.Client, connection.Settings, new SignInConsole(error, environment.OpenBrowser), cancellationToken);
        if (!token.IsSuccess)
        {
            return session.Fail(token.Error);
        }
        session.Token = token.Value;
        return await body(session, cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) in the session.</summary>
    public Task<ApiResult<IReadOnlyList<StatementResult>>> ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        Client.ExecuteAsync(Token.Token, new StatementRequest(sql, Settings.Role, Settings.Database, Settings.Schema), cancellationToken);

    /// <summary>The account's registry host, with <c>:port</c> when not standard.</summary>
    public async Task<ApiResult<string>> GetRegistryHostAsync(CancellationToken cancellationToken)
    {
        ApiResult<IReadOnlyList<StatementResult>> outcome = await ExecuteAsync("SELECT CURRENT_REGISTRY_HOST()", cancellationToken);
        if (!outcome.IsSuccess)
        {
            return outcome.Error;
        }
        return outcome.Value is [{ Rows: [[{ Length: > 0 } host, ..], ..] }]
            ? ApiResult<string>.Success(host)
            : new ApiError(ApiErrorKind.InvalidResponse, "unexpected answer from Floe: no registry host");
    }

    /// <summary>Prints <paramref name="error"/> on standard error and answers its exit code.</summary>
    public int Fail(ApiError error)
    {
        Error.WriteLine(error);
        if (error.Code == NoCurrentContainerCode)
        {
            Error.WriteLine(
                "Hint: give the session a database and schema with --database and --schema (or FLOE_DATABASE/FLOE_SCHEMA, " +
                "or database/schema in the connection), or name the object as <database>.<schema>.<name>.");
        }
        return error.ExitCode;
    }

    public int Fail(string message)
    {
        Error.WriteLine(message);
        return ExitCodes.Error;
    }

    public void Dispose() => Client.Dispose();
}
