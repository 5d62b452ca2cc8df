using Floe.Sql.Execution;

namespace Floe.Server.Observability;

/// <summary>Counts the statements an <see cref="ISqlEngine"/> runs: each one that succeeded, and the one a batch stopped at.</summary>
internal sealed class MeteredSqlEngine(ISqlEngine inner, FloeMetrics metrics) : ISqlEngine
{
    public async Task<SqlBatchResult> ExecuteAsync(SqlSession session, string sql, CancellationToken cancellationToken)
    {
        SqlBatchResult result = await inner.ExecuteAsync(session, sql, cancellationToken);
        metrics.RecordStatements(result.Results.Count, result.Error is not null);
        return result;
    }
}
