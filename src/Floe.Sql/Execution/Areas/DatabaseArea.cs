using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Databases: <c>CREATE [OR REPLACE] DATABASE [IF NOT EXISTS]</c>, <c>DROP DATABASE</c>,
/// <c>ALTER DATABASE ... SET | UNSET COMMENT</c>, <c>SHOW DATABASES</c>. CREATE needs CREATE DATABASE on
/// the account through the primary role, which owns the new database; DROP, ALTER and OR REPLACE need
/// OWNERSHIP; SHOW lists what the effective roles hold any privilege on.
/// </summary>
internal sealed class DatabaseArea : IStatementArea
{
    private static readonly SqlColumn[] ShowColumns =
        [SqlColumn.Timestamp("created_on"), SqlColumn.Text("name"), SqlColumn.Text("owner"), SqlColumn.Text("comment")];

    public void Register(HandlerTable table) => table
        .On<CreateDatabase>(CreateAsync)
        .On<DropObject>(ObjectKind.Database, DropAsync)
        .On<SetComment>(ObjectKind.Database, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, statement.Comment, token))
        .On<UnsetComment>(ObjectKind.Database, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, null, token))
        .On<ShowObjects>(ObjectKind.Database, ShowAsync);

    /// <summary>The new database (with its schema PUBLIC) becomes the session's current database, as in Snowflake.</summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateDatabase statement, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Normalized;
        string display = SqlNames.Display(name);
        RoleNode? creator = await context.CreatorAsync(SecurableObject.Account(context.AccountId), Privilege.CreateDatabase, cancellationToken);
        if (creator is null)
        {
            return SqlErrors.NotAllowed("account", SqlNames.Display(context.Session.AccountName));
        }

        DatabaseRecord? existing = await context.Store.FindDatabaseAsync(context.AccountId, name, cancellationToken);
        if (existing is not null)
        {
            if (!statement.OrReplace)
            {
                return statement.IfNotExists ? context.Status(StatusMessages.AlreadyExists(display)) : SqlErrors.Exists(display);
            }

            if (!await context.OwnsAsync(SecurableObject.Database(existing.Id), cancellationToken))
            {
                return SqlErrors.NotAllowed("database", display);
            }
        }

        CreateResult<DatabaseRecord> created = await context.Store.CreateDatabaseAsync(
            new NewDatabase(context.AccountId, name, creator.Id, statement.Comment),
            statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists,
            cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => new StatementOutcome(
                SqlStatementResult.Status(StatusMessages.Created(ObjectKind.Database, display)),
                context.Session with { Database = name, Schema = DefaultSchema.Name }),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(display)),
            CreateStatus.AlreadyExists => SqlErrors.Exists(display),
            CreateStatus.Protected => SqlErrors.OperationRefused(
                $"Cannot replace database '{display}': it holds an authentication policy that is set on the account or a user."),
            _ => SqlErrors.NotAllowed("account", SqlNames.Display(context.Session.AccountName)),
        };
    }

    /// <summary>Drops the database with its schemas, repositories (and their images) and policies.</summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(
        DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Name.Normalized;
        string display = SqlNames.Display(name);
        SqlResult<DatabaseRecord> database = await context.FindDatabaseAsync(name, cancellationToken);
        if (!database.IsSuccess)
        {
            return context.Missing(database.Error, statement.IfExists, StatusMessages.AlreadyDropped(display));
        }

        if (!await context.OwnsAsync(SecurableObject.Database(database.Value.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("database", display);
        }

        if (statement.Behavior == DropBehavior.Restrict && await context.HoldsObjectsAsync(database.Value, cancellationToken))
        {
            return SqlErrors.OperationRefused(
                $"Cannot drop database '{display}' with RESTRICT: it holds schemas or objects. Drop them first, or use CASCADE.");
        }

        DropStatus status = await context.Store.DropDatabaseAsync(context.AccountId, database.Value.Id, cancellationToken);
        return status switch
        {
            DropStatus.Dropped => new StatementOutcome(
                SqlStatementResult.Status(StatusMessages.Dropped(display)),
                context.Session.Database == name ? context.Session with { Database = null, Schema = null } : context.Session),
            DropStatus.NotFound => context.Missing(SqlErrors.NotFound("Database", display), statement.IfExists, StatusMessages.AlreadyDropped(display)),
            _ => SqlErrors.OperationRefused(
                $"Cannot drop database '{display}': it holds an authentication policy that is set on the account or a user."),
        };
    }

    /// <summary><c>ALTER DATABASE ... SET COMMENT</c> (or <c>UNSET COMMENT</c>, <paramref name="comment"/> null): OWNERSHIP needed.</summary>
    private static async Task<SqlResult<StatementOutcome>> CommentAsync(
        StatementContext context, ObjectName name, bool ifExists, string? comment, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> database = await context.FindDatabaseAsync(name.Name.Normalized, cancellationToken);
        if (!database.IsSuccess)
        {
            return context.Missing(database.Error, ifExists, StatusMessages.Executed);
        }

        if (!await context.OwnsAsync(SecurableObject.Database(database.Value.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("database", SqlNames.Display(database.Value.Name));
        }

        return await context.Store.SetDatabaseCommentAsync(context.AccountId, database.Value.Id, comment, cancellationToken)
            ? context.Status(StatusMessages.Executed)
            : context.Missing(SqlErrors.NotFound("Database", SqlNames.Display(database.Value.Name)), ifExists, StatusMessages.Executed);
    }

    /// <summary>The databases the effective roles hold any privilege on (every one with MANAGE GRANTS), by name.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(
        ShowObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.Database, cancellationToken);
        IReadOnlyList<DatabaseRecord> databases = await context.Store.ListDatabasesAsync(context.AccountId, cancellationToken);
        IReadOnlyList<string?>[] rows =
        [
            .. databases
                .Where(database => visible.CanSee(database.Id) && SqlFormat.Like(database.Name, statement.Like))
                .Select(database => new[] { SqlFormat.Timestamp(database.CreatedOn), database.Name, database.Owner, database.Comment }),
        ];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }
}
