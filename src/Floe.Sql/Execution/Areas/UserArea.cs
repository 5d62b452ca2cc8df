using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>CREATE USER</c>, <c>ALTER USER ... SET | UNSET</c> and <c>DROP USER</c>.
/// CREATE needs CREATE USER on the account through the primary role (which owns the new user); ALTER
/// and DROP need OWNERSHIP of the user, except that users change their own password, default role and
/// RSA key. <c>SHOW USERS</c> and <c>DESCRIBE USER</c> are in <see cref="UserListingArea"/>.
/// </summary>
internal sealed class UserArea : IStatementArea
{
    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<CreateUser>(CreateAsync)
            .On<AlterUserSet>(SetAsync)
            .On<AlterUserUnset>(UnsetAsync)
            .On<DropObject>(ObjectKind.User, DropAsync);
    }

    /// <summary><c>CREATE [OR REPLACE] USER [IF NOT EXISTS] &lt;name&gt; [&lt;properties&gt;]</c></summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(CreateUser statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<RoleNode> owner = await ObjectAccess.RequireCreateAsync(
            context, SecurableTarget.Account(context), CorePrivilege.CreateUser, "CREATE USER", cancellationToken);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        string name = statement.Name.Normalized;
        UserRecord? existing = await context.Store.FindUserAsync(context.AccountId, name, cancellationToken);
        if (existing is not null)
        {
            SqlError? refused = await CheckReplaceAsync(statement, existing, context, cancellationToken);
            if (refused is not null || statement.IfNotExists)
            {
                return refused is null ? context.Status(StatusMessages.AlreadyExists(name)) : refused;
            }
        }

        SqlResult<NewUser> user = UserPropertyValues.ToNewUser(
            context.AccountId, name, owner.Value.Id, statement.Properties, context.Services.Passwords);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        CreateMode mode = statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists;
        CreateResult<UserRecord> created = await context.Store.CreateUserAsync(user.Value, mode, cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => context.Status(StatusMessages.Created(ObjectKind.User, name)),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(name)),
            CreateStatus.AlreadyExists or CreateStatus.Conflict => SqlErrors.Exists(name),
            _ => SecurityText.NotFound(ObjectKind.Role, SecurityText.Part(owner.Value.Name)),
        };
    }

    /// <summary>An existing user: <c>IF NOT EXISTS</c> is fine, plain CREATE is 002002, OR REPLACE needs its OWNERSHIP.</summary>
    private static async Task<SqlError?> CheckReplaceAsync(CreateUser statement, UserRecord existing, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.IfNotExists)
        {
            return null;
        }

        if (!statement.OrReplace)
        {
            return SqlErrors.Exists(existing.Name);
        }

        ObjectAccess access = await ObjectAccess.OfAsync(context, SecurableObject.User(existing.Id), cancellationToken);
        return access.Owns ? null : SecurityText.NotAllowed(ObjectKind.User, SecurityText.Part(existing.Name));
    }

    /// <summary><c>ALTER USER [IF EXISTS] &lt;name&gt; SET &lt;properties&gt;</c></summary>
    private static async Task<SqlResult<StatementOutcome>> SetAsync(AlterUserSet statement, StatementContext context, CancellationToken cancellationToken)
    {
        VisibleUser? user = await VisibleUser.FindAsync(context, statement.Name.Normalized, cancellationToken);
        if (user is null)
        {
            return Missing(statement.IfExists, statement.Name, context);
        }

        SqlError? refused = user.RequireManage(UserPropertyValues.IsSelfService(statement.Properties));
        if (refused is not null)
        {
            return refused;
        }

        SqlResult<UserChanges> changes = UserPropertyValues.ToChanges(user.User, statement.Properties, context.Services.Passwords);
        return changes.IsSuccess ? await AlterAsync(user.User, changes.Value, context, cancellationToken) : changes.Error;
    }

    /// <summary><c>ALTER USER [IF EXISTS] &lt;name&gt; UNSET &lt;property&gt; [, ...]</c></summary>
    private static async Task<SqlResult<StatementOutcome>> UnsetAsync(AlterUserUnset statement, StatementContext context, CancellationToken cancellationToken)
    {
        VisibleUser? user = await VisibleUser.FindAsync(context, statement.Name.Normalized, cancellationToken);
        if (user is null)
        {
            return Missing(statement.IfExists, statement.Name, context);
        }

        SqlError? refused = user.RequireManage(UserPropertyValues.IsSelfService(statement.Properties));
        return refused is null
            ? await AlterAsync(user.User, UserPropertyValues.ToUnset(statement.Properties), context, cancellationToken)
            : refused;
    }

    private static async Task<SqlResult<StatementOutcome>> AlterAsync(
        UserRecord user, UserChanges changes, StatementContext context, CancellationToken cancellationToken)
    {
        AlterStatus status = await context.Store.AlterUserAsync(context.AccountId, user.Id, changes, cancellationToken);
        return status switch
        {
            AlterStatus.Altered => context.Status(StatusMessages.Executed),
            AlterStatus.Conflict => SqlErrors.Exists(user.Name),
            _ => SecurityText.NotFound(ObjectKind.User, SecurityText.Part(user.Name)),
        };
    }

    /// <summary><c>DROP USER [IF EXISTS] &lt;name&gt;</c>; not the session's own user, which the rest of the batch runs as.</summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Name.Normalized;
        VisibleUser? user = await VisibleUser.FindAsync(context, name, cancellationToken);
        if (user is null)
        {
            return statement.IfExists
                ? context.Status(StatusMessages.AlreadyDropped(name))
                : SecurityText.NotFound(ObjectKind.User, SecurityText.Part(name));
        }

        SqlError? refused = user.RequireManage(selfService: false) ?? (user.IsSelf ? SqlErrors.CurrentUserDrop(name) : null);
        if (refused is not null)
        {
            return refused;
        }

        return await context.Store.DropUserAsync(context.AccountId, user.User.Id, cancellationToken)
            ? context.Status(StatusMessages.Dropped(name))
            : SecurityText.NotFound(ObjectKind.User, SecurityText.Part(name));
    }

    private static SqlResult<StatementOutcome> Missing(bool ifExists, Identifier name, StatementContext context) =>
        ifExists ? context.Status(StatusMessages.Executed) : SecurityText.NotFound(ObjectKind.User, SecurityText.Part(name.Normalized));
}
