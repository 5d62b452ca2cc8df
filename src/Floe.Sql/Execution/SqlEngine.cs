using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>
/// The state a SQL session carries between requests: who is connected to which
/// account, the current role, database and schema, and whether secondary roles are in effect.
/// It lives in the metadata store, so any node can serve the next request of the session.
/// <see cref="RoleRestriction"/>, set for a session opened with a role-restricted access token, keeps
/// every role the session acts with within that role's hierarchy.
/// </summary>
public sealed record SqlSession(
    long AccountId,
    string AccountName,
    long UserId,
    string UserName,
    string? Role,
    string? Database,
    string? Schema,
    bool SecondaryRolesAll = true,
    string? RoleRestriction = null);

/// <summary>A column of a result set: its name as Snowflake names it and its Snowflake type.</summary>
public sealed record SqlColumn(string Name, string Type, bool Nullable = true)
{
    public static SqlColumn Text(string name) => new(name, "TEXT");

    public static SqlColumn Number(string name) => new(name, "FIXED");

    public static SqlColumn Boolean(string name) => new(name, "BOOLEAN");

    public static SqlColumn Timestamp(string name) => new(name, "TIMESTAMP_LTZ");
}

/// <summary>The result set of one statement; every value is a string or null (jsonv2).</summary>
public sealed record SqlStatementResult(IReadOnlyList<SqlColumn> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>The one-row <c>status</c> answer of DDL.</summary>
    public static SqlStatementResult Status(string message) =>
        new([SqlColumn.Text("status")], [[message]]);
}

/// <summary>
/// What a request of one or more statements produced: a result per statement that ran, the error
/// that stopped the batch (statements before it keep their effect, as in Snowflake), and the
/// session as it stands afterwards (changed by <c>USE</c>).
/// </summary>
public sealed record SqlBatchResult(IReadOnlyList<SqlStatementResult> Results, SqlError? Error, SqlSession Session)
{
    /// <summary>
    /// What query history records of this request: one entry per statement that ran (the one that
    /// failed included), or one for the whole text when it did not parse. Secrets are masked.
    /// </summary>
    public IReadOnlyList<ExecutedStatement> Executed { get; init; } = [];
}

/// <summary>
/// One statement as query history records it: its text with secrets masked (<see cref="SecretMask"/>),
/// its type (<c>CREATE_USER</c>, <c>SHOW</c>, …; <c>UNKNOWN</c> for text that did not parse), the
/// session it ran in, when it ran, its error (message masked too) and how many rows it answered.
/// </summary>
public sealed record ExecutedStatement(
    string QueryId,
    string Text,
    string QueryType,
    SqlSession Session,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    SqlError? Error,
    int RowsProduced);

/// <summary>Runs SQL text as a session: parse, authorize each statement, execute.</summary>
public interface ISqlEngine
{
    Task<SqlBatchResult> ExecuteAsync(SqlSession session, string sql, CancellationToken cancellationToken);
}
