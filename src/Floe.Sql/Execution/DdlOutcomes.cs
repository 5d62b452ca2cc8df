using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>Answers shared by the DDL handlers.</summary>
internal static class DdlOutcomes
{
    /// <summary>The one-row <c>status</c> answer, the session unchanged.</summary>
    public static SqlResult<StatementOutcome> Status(this StatementContext context, string message) =>
        StatementOutcome.Status(message, context.Session);

    /// <summary>
    /// <c>DROP ... IF EXISTS</c> and <c>ALTER ... IF EXISTS</c>: a missing (or invisible) object answers
    /// <paramref name="message"/> instead of the 002003 error; any other error stands.
    /// </summary>
    public static SqlResult<StatementOutcome> Missing(this StatementContext context, SqlError error, bool ifExists, string message) =>
        ifExists && error.Code == SqlErrors.ObjectNotFound.Code ? context.Status(message) : error;
}
