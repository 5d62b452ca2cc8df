using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Sql.Execution;

/// <summary>
/// Runs a request of one or more statements in one session, in order: the whole
/// text is parsed first (a syntax error runs nothing), then each statement is authorized and run by
/// its handler; the first failure stops the batch, and what ran before it keeps its effect.
/// </summary>
public sealed partial class SqlEngine : ISqlEngine
{
    private readonly HandlerTable _handlers = new();
    private readonly StatementServices _services;

    public SqlEngine(StatementServices services, IEnumerable<IStatementArea> areas)
    {
        _services = services;
        foreach (IStatementArea area in areas)
        {
            area.Register(_handlers);
        }
    }

    public async Task<SqlBatchResult> ExecuteAsync(SqlSession session, string sql, CancellationToken cancellationToken)
    {
        TimeProvider time = _services.Time;
        DateTimeOffset parsedAt = time.GetUtcNow();
        SqlResult<IReadOnlyList<SourceStatement>> parsed = SqlParser.ParseWithText(sql);
        if (!parsed.IsSuccess)
        {
            ExecutedStatement unparsed = Executed(sql, QueryTypes.Unknown, session, parsedAt, time.GetUtcNow(), parsed.Error, 0);
            return new SqlBatchResult([], parsed.Error, session) { Executed = [unparsed] };
        }

        List<SqlStatementResult> results = [];
        List<ExecutedStatement> executed = [];
        foreach (SourceStatement source in parsed.Value)
        {
            Statement statement = source.Statement;
            DateTimeOffset start = time.GetUtcNow();
            StatementContext context = new(session, _services);
            SqlError? lostRole = await CheckPrimaryRoleAsync(statement, context, cancellationToken);
            SqlResult<StatementOutcome> outcome = lostRole is null
                ? await _handlers.RunAsync(statement, context, cancellationToken)
                : lostRole;
            if (!outcome.IsSuccess)
            {
                executed.Add(Executed(source.Text, QueryTypes.Of(statement), session, start, time.GetUtcNow(), outcome.Error, 0));
                return new SqlBatchResult(results, outcome.Error, session) { Executed = executed };
            }

            executed.Add(Executed(source.Text, QueryTypes.Of(statement), session, start, time.GetUtcNow(), null, outcome.Value.Result.Rows.Count));

            results.Add(outcome.Value.Result);
            session = outcome.Value.Session;
        }

        return new SqlBatchResult(results, null, session) { Executed = executed };
    }

    /// <summary>A statement as history records it: its text and error message with secrets masked.</summary>
    private static ExecutedStatement Executed(
        string text, string queryType, SqlSession session, DateTimeOffset start, DateTimeOffset end, SqlError? error, int rows)
    {
        string masked = SecretMask.Apply(text, out IReadOnlyList<string> secrets);
        SqlError? maskedError = error is null ? null : error with { Message = SecretMask.Apply(error.Message, secrets) ?? string.Empty };
        return new ExecutedStatement(Guid.CreateVersion7().ToString(), masked, queryType, session, start, end, maskedError, rows);
    }

    /// <summary>
    /// A session whose primary role has been revoked (or dropped) since it was chosen may only choose
    /// another role or look at its context: anything else would run with privileges the user no
    /// longer has, or create objects with no owner (revocation takes effect on the
    /// next request).
    /// </summary>
    private static async Task<SqlError?> CheckPrimaryRoleAsync(Statement statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (context.Session.Role is null || statement is UseRole or UseSecondaryRoles or SelectContextFunctions)
        {
            return null;
        }

        Core.Security.SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return roles.Primary is not null
            ? null
            : SqlErrors.InsufficientPrivileges.WithDetail(
                $"role '{context.Session.Role}' is no longer granted to user '{context.Session.UserName}'; choose another with USE ROLE");
    }
}
