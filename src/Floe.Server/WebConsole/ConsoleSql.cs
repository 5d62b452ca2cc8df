using Floe.Core.Security;
using Floe.Server.Authentication;
using Floe.Server.Observability.History;
using Floe.Sql.Errors;
using Floe.Sql.Execution;

namespace Floe.Server.WebConsole;

/// <summary>
/// Runs SQL for the console exactly as <c>POST /api/v2/statements</c> does for the same session: the
/// same engine, the same authorization, recorded in the query history, and what <c>USE</c> changed kept
/// for the session's next request. Every page of the console reads through here, so it shows what the
/// SQL API would show the signed-in user and nothing more.
/// </summary>
internal sealed class ConsoleSql(ISqlEngine engine, SessionService sessions, HistoryRecorder history, Authorizer authorizer)
{
    /// <summary>Runs <paramref name="statements"/> as the user; the session keeps what they changed.</summary>
    public async Task<SqlBatchResult> RunAsync(ConsoleUser user, string statements, CancellationToken cancellationToken)
    {
        SqlBatchResult result = await engine.ExecuteAsync(user.Session.State, statements, cancellationToken);
        history.RecordStatements(result.Executed);
        await sessions.SaveAsync(user.Session, result.Session, cancellationToken);
        return result;
    }

    /// <summary>One statement's rows, or its error.</summary>
    public async Task<(SqlStatementResult? Result, SqlError? Error)> QueryAsync(ConsoleUser user, string statement, CancellationToken cancellationToken)
    {
        SqlBatchResult result = await RunAsync(user, statement, cancellationToken);
        return result.Error is not null ? (null, result.Error) : (result.Results[^1], null);
    }

    /// <summary>The roles the user may switch to: every role granted to them and those below, as <c>USE ROLE</c> allows.</summary>
    public async Task<IReadOnlyList<string>> AvailableRolesAsync(ConsoleUser user, CancellationToken cancellationToken)
    {
        SessionRoles? roles = await authorizer.ResolveSessionAsync(
            user.Session.Record with { Role = null, SecondaryRoles = Core.Metadata.ControlPlane.SecondaryRoles.All }, cancellationToken);
        return roles?.Effective.Names ?? [];
    }

    /// <summary>
    /// A stored name as the SQL identifier that means exactly it: bare when it reads back the same unquoted
    /// (<c>SHOP</c>), else double-quoted with inner quotes doubled (image repository statements accept only
    /// bare names, so the canonical form matters).
    /// </summary>
    public static string Quote(string name) =>
        name.Length is > 0 and <= 255
            ? Floe.Sql.Ast.Identifier.Quoted(name).ToSql()
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A value as a SQL string literal.</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
