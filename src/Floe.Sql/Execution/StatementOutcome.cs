namespace Floe.Sql.Execution;

/// <summary>What one statement produced: its result set and the session after it.</summary>
public sealed record StatementOutcome(SqlStatementResult Result, SqlSession Session)
{
    /// <summary>The DDL answer <c>status</c> with the session unchanged.</summary>
    public static StatementOutcome Status(string message, SqlSession session) =>
        new(SqlStatementResult.Status(message), session);
}
