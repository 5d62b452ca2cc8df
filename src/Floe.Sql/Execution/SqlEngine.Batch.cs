using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Sql.Execution;

/// <summary>
/// Runs a request of one or more statements in one session, in order (PRODUCT.md §3.1): the whole
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
        SqlResult<IReadOnlyList<Statement>> parsed = SqlParser.Parse(sql);
        if (!parsed.IsSuccess)
        {
            return new SqlBatchResult([], parsed.Error, session);
        }

        List<SqlStatementResult> results = [];
        foreach (Statement statement in parsed.Value)
        {
            SqlResult<StatementOutcome> outcome = await _handlers.RunAsync(statement, new StatementContext(session, _services), cancellationToken);
            if (!outcome.IsSuccess)
            {
                return new SqlBatchResult(results, outcome.Error, session);
            }

            results.Add(outcome.Value.Result);
            session = outcome.Value.Session;
        }

        return new SqlBatchResult(results, null, session);
    }
}
