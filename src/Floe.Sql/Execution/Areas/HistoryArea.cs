using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// The history table functions: <c>SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())</c> and the
/// like. Columns carry Snowflake's names (REGISTRY_HISTORY is Floe's own). Visibility: a user sees their
/// own rows; a session with ACCOUNTADMIN or MONITOR on the account among its roles sees every user's.
/// Asking a <c>_BY_USER</c> function for another user without that is refused.
/// </summary>
internal sealed class HistoryArea : IStatementArea
{
    private static readonly SqlColumn[] LoginColumns =
    [
        SqlColumn.Timestamp("EVENT_TIMESTAMP"), SqlColumn.Number("EVENT_ID"), SqlColumn.Text("EVENT_TYPE"),
        SqlColumn.Text("USER_NAME"), SqlColumn.Text("CLIENT_IP"), SqlColumn.Text("REPORTED_CLIENT_TYPE"),
        SqlColumn.Text("REPORTED_CLIENT_VERSION"), SqlColumn.Text("FIRST_AUTHENTICATION_FACTOR"),
        SqlColumn.Text("SECOND_AUTHENTICATION_FACTOR"), SqlColumn.Text("IS_SUCCESS"), SqlColumn.Number("ERROR_CODE"),
        SqlColumn.Text("ERROR_MESSAGE"), SqlColumn.Number("RELATED_EVENT_ID"), SqlColumn.Text("CONNECTION"),
    ];

    private static readonly SqlColumn[] QueryColumns =
    [
        SqlColumn.Text("QUERY_ID"), SqlColumn.Text("QUERY_TEXT"), SqlColumn.Text("DATABASE_NAME"), SqlColumn.Text("SCHEMA_NAME"),
        SqlColumn.Text("QUERY_TYPE"), SqlColumn.Text("USER_NAME"), SqlColumn.Text("ROLE_NAME"), SqlColumn.Text("EXECUTION_STATUS"),
        SqlColumn.Text("ERROR_CODE"), SqlColumn.Text("ERROR_MESSAGE"), SqlColumn.Timestamp("START_TIME"), SqlColumn.Timestamp("END_TIME"),
        SqlColumn.Number("TOTAL_ELAPSED_TIME"), SqlColumn.Number("ROWS_PRODUCED"),
    ];

    private static readonly SqlColumn[] RegistryColumns =
    [
        SqlColumn.Timestamp("EVENT_TIMESTAMP"), SqlColumn.Number("EVENT_ID"), SqlColumn.Text("USER_NAME"), SqlColumn.Text("ROLE_NAME"),
        SqlColumn.Text("ACTION"), SqlColumn.Text("REPOSITORY"), SqlColumn.Text("IMAGE"), SqlColumn.Text("TAG"),
        SqlColumn.Text("DIGEST"), SqlColumn.Text("CLIENT_IP"),
    ];

    public void Register(HandlerTable table) => table.On<SelectHistory>(SelectAsync);

    private static async Task<SqlResult<StatementOutcome>> SelectAsync(
        SelectHistory statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<string?> user = await VisibleUserAsync(statement, context, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        HistoryFilter filter = new(context.AccountId, user.Value, statement.RangeStart, statement.RangeEnd, statement.Limit);
        IHistoryStore history = context.Services.History;
        SqlStatementResult result = statement.Function switch
        {
            HistoryFunction.LoginHistory or HistoryFunction.LoginHistoryByUser =>
                new(LoginColumns, [.. (await history.ListLoginHistoryAsync(filter, cancellationToken)).Select(LoginRow)]),
            HistoryFunction.QueryHistory or HistoryFunction.QueryHistoryByUser =>
                new(QueryColumns, [.. (await history.ListQueryHistoryAsync(filter, cancellationToken)).Select(QueryRow)]),
            _ => new(RegistryColumns, [.. (await history.ListRegistryHistoryAsync(filter, cancellationToken)).Select(RegistryRow)]),
        };
        return new StatementOutcome(result, context.Session);
    }

    /// <summary>
    /// Whose rows the statement may read: null for every user's. The plain functions answer every
    /// user's rows to a monitor and the session user's to anyone else; a <c>_BY_USER</c> function
    /// answers the named user's (the session user's by default), another user's only to a monitor.
    /// </summary>
    private static async ValueTask<SqlResult<string?>> VisibleUserAsync(
        SelectHistory statement, StatementContext context, CancellationToken cancellationToken)
    {
        bool byUser = statement.Function is HistoryFunction.LoginHistoryByUser or HistoryFunction.QueryHistoryByUser;
        string self = context.Session.UserName;
        string? wanted = byUser ? statement.UserName ?? self : null;
        if (wanted == self)
        {
            return self;
        }

        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        bool monitors = roles.Effective.Contains(SystemRoles.AccountAdmin)
            || await context.Authorizer.HasPrivilegeAsync(
                roles.Effective, SecurableObject.Account(context.AccountId), [CorePrivilege.Monitor], cancellationToken);
        if (monitors)
        {
            return wanted;
        }

        return wanted is null ? self : SqlErrors.NotAllowed("user", wanted);
    }

    private static IReadOnlyList<string?> LoginRow(LoginEvent login) =>
    [
        SqlFormat.Timestamp(login.EventTimestamp), SqlFormat.Number(login.EventId), "LOGIN", login.UserName, login.ClientIp,
        login.ClientType, null, login.FirstAuthenticationFactor, null, login.IsSuccess ? "YES" : "NO", login.ErrorCode,
        login.ErrorMessage, null, null,
    ];

    private static IReadOnlyList<string?> QueryRow(QueryEvent query) =>
    [
        query.QueryId, query.QueryText, query.DatabaseName, query.SchemaName, query.QueryType, query.UserName, query.RoleName,
        query.ExecutionStatus, query.ErrorCode, query.ErrorMessage, SqlFormat.Timestamp(query.StartTime), SqlFormat.Timestamp(query.EndTime),
        SqlFormat.Number((long)(query.EndTime - query.StartTime).TotalMilliseconds), SqlFormat.Number(query.RowsProduced),
    ];

    private static IReadOnlyList<string?> RegistryRow(RegistryEvent registry) =>
    [
        SqlFormat.Timestamp(registry.EventTimestamp), SqlFormat.Number(registry.EventId), registry.UserName, registry.RoleName,
        registry.Action, registry.Repository, registry.Image, registry.Tag, registry.Digest, registry.ClientIp,
    ];
}
