using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// The session: <c>USE ROLE</c>, <c>USE [DATABASE]</c>, <c>USE SCHEMA</c>,
/// <c>USE SECONDARY ROLES</c> change the session that the next statement runs in; <c>SELECT CURRENT_...()</c>
/// tells it. None of them needs a privilege beyond seeing what it names.
/// </summary>
internal sealed class SessionArea : IStatementArea
{
    public void Register(HandlerTable table) => table
        .On<UseRole>(UseRoleAsync)
        .On<UseDatabase>(UseDatabaseAsync)
        .On<UseSchema>(UseSchemaAsync)
        .On<UseSecondaryRoles>(UseSecondaryRolesAsync)
        .On<SelectContextFunctions>(SelectAsync);

    /// <summary>The role must be granted to the user, directly or through the hierarchy (or be PUBLIC).</summary>
    private static async Task<SqlResult<StatementOutcome>> UseRoleAsync(
        UseRole statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlSession session = context.Session with { Role = statement.Role.Normalized };
        SessionRoles roles = await new StatementContext(session, context.Services).GetRolesAsync(cancellationToken);
        return roles.Primary is null
            ? SqlErrors.NotFound("Role", SqlNames.Display(statement.Role.Normalized))
            : StatementOutcome.Status(StatusMessages.Executed, session);
    }

    /// <summary>The database becomes current, with its schema PUBLIC when it has one (Snowflake's rule).</summary>
    private static async Task<SqlResult<StatementOutcome>> UseDatabaseAsync(
        UseDatabase statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> database = await context.FindDatabaseAsync(statement.Database.Normalized, cancellationToken);
        if (!database.IsSuccess)
        {
            return database.Error;
        }

        SchemaRecord? publicSchema = await context.Store.FindSchemaAsync(
            context.AccountId, database.Value.Name, DefaultSchema.Name, cancellationToken);
        SqlSession session = context.Session with { Database = database.Value.Name, Schema = publicSchema?.Name };
        return StatementOutcome.Status(StatusMessages.Executed, session);
    }

    /// <summary><c>USE SCHEMA db.s</c> also makes <c>db</c> current; <c>USE SCHEMA s</c> looks in the current database.</summary>
    private static async Task<SqlResult<StatementOutcome>> UseSchemaAsync(
        UseSchema statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<string> database = context.ResolveDatabase(statement.Schema, "USE SCHEMA");
        if (!database.IsSuccess)
        {
            return database.Error;
        }

        SqlResult<SchemaRecord> schema = await context.FindSchemaAsync(
            database.Value, statement.Schema.Name.Normalized, ContainerAccess.Usage, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        SqlSession session = context.Session with { Database = schema.Value.Database, Schema = schema.Value.Name };
        return StatementOutcome.Status(StatusMessages.Executed, session);
    }

    private static Task<SqlResult<StatementOutcome>> UseSecondaryRolesAsync(
        UseSecondaryRoles statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlSession session = context.Session with { SecondaryRolesAll = statement.Roles == Ast.SecondaryRoles.All };
        return Task.FromResult<SqlResult<StatementOutcome>>(StatementOutcome.Status(StatusMessages.Executed, session));
    }

    /// <summary>One row, one column per call as written (<c>CURRENT_ROLE()</c>); null for what the session has not set.</summary>
    private static Task<SqlResult<StatementOutcome>> SelectAsync(
        SelectContextFunctions statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlSession session = context.Session;
        SqlColumn[] columns = [.. statement.Functions.Select(function => SqlColumn.Text(function.ToSql()))];
        string?[] row = [.. statement.Functions.Select(function => function switch
        {
            ContextFunction.CurrentUser => session.UserName,
            ContextFunction.CurrentRole => session.Role,
            ContextFunction.CurrentAccount => session.AccountName,
            ContextFunction.CurrentDatabase => session.Database,
            ContextFunction.CurrentSchema => session.Schema,
            ContextFunction.CurrentRegistryHost => context.Services.Options.AccountHost(session.AccountName),
            _ => throw new ArgumentOutOfRangeException(nameof(statement), function, null),
        })];
        StatementOutcome outcome = new(new SqlStatementResult(columns, [row]), session);
        return Task.FromResult<SqlResult<StatementOutcome>>(outcome);
    }
}
