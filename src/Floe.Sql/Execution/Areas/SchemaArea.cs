using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Schemas: <c>CREATE [OR REPLACE] SCHEMA [IF NOT EXISTS] [db.]s</c>, <c>DROP SCHEMA</c>,
/// <c>ALTER SCHEMA ... SET | UNSET COMMENT</c>, <c>SHOW SCHEMAS</c>. CREATE needs CREATE SCHEMA on the
/// database through the primary role, which owns the new schema; DROP, ALTER and OR REPLACE need
/// OWNERSHIP; SHOW lists what the effective roles hold any privilege on.
/// </summary>
internal sealed class SchemaArea : IStatementArea
{
    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Timestamp("created_on"),
        SqlColumn.Text("name"),
        SqlColumn.Text("database_name"),
        SqlColumn.Text("owner"),
        SqlColumn.Text("comment"),
    ];

    public void Register(HandlerTable table) => table
        .On<CreateSchema>(CreateAsync)
        .On<DropObject>(ObjectKind.Schema, DropAsync)
        .On<SetComment>(ObjectKind.Schema, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, statement.Comment, token))
        .On<UnsetComment>(ObjectKind.Schema, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, null, token))
        .On<ShowSchemas>(ShowAsync);

    /// <summary>The new schema becomes the session's current schema (and its database the current one), as in Snowflake.</summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateSchema statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> database = await FindDatabaseOfAsync(context, statement.Name, "CREATE SCHEMA", cancellationToken);
        if (!database.IsSuccess)
        {
            return database.Error;
        }

        string name = statement.Name.Name.Normalized;
        string display = SqlNames.Display(name);
        RoleNode? creator = await context.CreatorAsync(SecurableObject.Database(database.Value.Id), Privilege.CreateSchema, cancellationToken);
        if (creator is null)
        {
            return SqlErrors.NotAllowed("database", SqlNames.Display(database.Value.Name));
        }

        SchemaRecord? existing = await context.Store.FindSchemaAsync(context.AccountId, database.Value.Name, name, cancellationToken);
        if (existing is not null)
        {
            if (!statement.OrReplace)
            {
                return statement.IfNotExists ? context.Status(StatusMessages.AlreadyExists(display)) : SqlErrors.Exists(display);
            }

            if (!await context.OwnsAsync(SecurableObject.Schema(existing.Id), cancellationToken))
            {
                return SqlErrors.NotAllowed("schema", SqlNames.Display(existing.Database, existing.Name));
            }
        }

        CreateResult<SchemaRecord> created = await context.Store.CreateSchemaAsync(
            new NewSchema(context.AccountId, database.Value.Id, name, creator.Id, statement.Comment),
            statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists,
            cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => new StatementOutcome(
                SqlStatementResult.Status(StatusMessages.Created(ObjectKind.Schema, display)),
                context.Session with { Database = database.Value.Name, Schema = name }),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(display)),
            CreateStatus.AlreadyExists => SqlErrors.Exists(display),
            CreateStatus.Protected => SqlErrors.OperationRefused(
                $"Cannot replace schema '{display}': it holds an authentication policy that is set on the account or a user."),
            _ => SqlErrors.NotFound("Database", SqlNames.Display(database.Value.Name)),
        };
    }

    /// <summary>Drops the schema with its repositories (and their images) and policies. PUBLIC may be dropped too, as in Snowflake.</summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(
        DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string display = SqlNames.Display(statement.Name.Name.Normalized);
        SqlResult<SchemaRecord> schema = await FindNamedSchemaAsync(context, statement.Name, "DROP SCHEMA", cancellationToken);
        if (!schema.IsSuccess)
        {
            return context.Missing(schema.Error, statement.IfExists, StatusMessages.AlreadyDropped(display));
        }

        SchemaRecord found = schema.Value;
        if (!await context.OwnsAsync(SecurableObject.Schema(found.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("schema", SqlNames.Display(found.Database, found.Name));
        }

        if (statement.Behavior == DropBehavior.Restrict && await context.HoldsObjectsAsync(found, cancellationToken))
        {
            return SqlErrors.OperationRefused(
                $"Cannot drop schema '{SqlNames.Display(found.Database, found.Name)}' with RESTRICT: it holds objects. Drop them first, or use CASCADE.");
        }

        DropStatus status = await context.Store.DropSchemaAsync(context.AccountId, found.Id, cancellationToken);
        bool current = context.Session.Database == found.Database && context.Session.Schema == found.Name;
        return status switch
        {
            DropStatus.Dropped => new StatementOutcome(
                SqlStatementResult.Status(StatusMessages.Dropped(display)),
                current ? context.Session with { Schema = null } : context.Session),
            DropStatus.NotFound => context.Missing(
                SqlErrors.NotFound("Schema", SqlNames.Display(found.Database, found.Name)), statement.IfExists, StatusMessages.AlreadyDropped(display)),
            _ => SqlErrors.OperationRefused(
                $"Cannot drop schema '{SqlNames.Display(found.Database, found.Name)}': it holds an authentication policy that is set on the account or a user."),
        };
    }

    /// <summary><c>ALTER SCHEMA ... SET COMMENT</c> (or <c>UNSET COMMENT</c>, <paramref name="comment"/> null): OWNERSHIP needed.</summary>
    private static async Task<SqlResult<StatementOutcome>> CommentAsync(
        StatementContext context, ObjectName name, bool ifExists, string? comment, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> schema = await FindNamedSchemaAsync(context, name, "ALTER SCHEMA", cancellationToken);
        if (!schema.IsSuccess)
        {
            return context.Missing(schema.Error, ifExists, StatusMessages.Executed);
        }

        string display = SqlNames.Display(schema.Value.Database, schema.Value.Name);
        if (!await context.OwnsAsync(SecurableObject.Schema(schema.Value.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("schema", display);
        }

        return await context.Store.SetSchemaCommentAsync(context.AccountId, schema.Value.Id, comment, cancellationToken)
            ? context.Status(StatusMessages.Executed)
            : context.Missing(SqlErrors.NotFound("Schema", display), ifExists, StatusMessages.Executed);
    }

    /// <summary>
    /// The schemas of the named database, else of the current database, else of the account (Snowflake's
    /// default scope), that the effective roles hold any privilege on; by database, then name.
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(
        ShowSchemas statement, StatementContext context, CancellationToken cancellationToken)
    {
        long? databaseId = null;
        if ((statement.InDatabase?.Normalized ?? context.Session.Database) is { } databaseName)
        {
            SqlResult<DatabaseRecord> database = await context.FindDatabaseAsync(databaseName, cancellationToken);
            if (!database.IsSuccess)
            {
                return database.Error;
            }

            databaseId = database.Value.Id;
        }

        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.Schema, cancellationToken);
        IReadOnlyList<SchemaRecord> schemas = await context.Store.ListSchemasAsync(context.AccountId, databaseId, cancellationToken);
        IReadOnlyList<string?>[] rows =
        [
            .. schemas
                .Where(schema => visible.CanSee(schema.Id) && SqlFormat.Like(schema.Name, statement.Like))
                .Select(schema => new[] { SqlFormat.Timestamp(schema.CreatedOn), schema.Name, schema.Database, schema.Owner, schema.Comment }),
        ];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    /// <summary>The database of <c>[db.]s</c> (the one written, else the session's), with USAGE on it.</summary>
    private static async ValueTask<SqlResult<DatabaseRecord>> FindDatabaseOfAsync(
        StatementContext context, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        SqlResult<string> database = context.ResolveDatabase(name, statement);
        return database.IsSuccess ? await context.FindContainerAsync(database.Value, ContainerAccess.Usage, cancellationToken) : database.Error;
    }

    /// <summary>The visible schema <c>[db.]s</c>, with USAGE on its database.</summary>
    private static async ValueTask<SqlResult<SchemaRecord>> FindNamedSchemaAsync(
        StatementContext context, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        SqlResult<string> database = context.ResolveDatabase(name, statement);
        return database.IsSuccess
            ? await context.FindSchemaAsync(database.Value, name.Name.Normalized, ContainerAccess.Usage, cancellationToken)
            : database.Error;
    }
}
