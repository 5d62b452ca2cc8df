using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>CREATE ROLE</c>, <c>DROP ROLE</c> and <c>SHOW ROLES</c>. CREATE needs CREATE
/// ROLE on the account through the primary role, which owns the new role; DROP needs OWNERSHIP, and
/// what the dropped role owned passes to the primary role (Snowflake's rule). System roles are never
/// dropped or replaced. GRANT and REVOKE ROLE are in <see cref="RoleGrantArea"/>.
/// </summary>
internal sealed class RoleArea : IStatementArea
{
    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Timestamp("created_on"), SqlColumn.Text("name"), SqlColumn.Text("is_default"), SqlColumn.Text("is_current"),
        SqlColumn.Text("is_inherited"), SqlColumn.Number("granted_to_roles"), SqlColumn.Number("granted_roles"),
        SqlColumn.Text("owner"), SqlColumn.Text("comment"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<CreateRole>(CreateAsync)
            .On<DropObject>(ObjectKind.Role, DropAsync)
            .On<ShowObjects>(ObjectKind.Role, ShowAsync);
    }

    /// <summary><c>CREATE [OR REPLACE] ROLE [IF NOT EXISTS] &lt;name&gt; [COMMENT = '&lt;c&gt;']</c></summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(CreateRole statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<RoleNode> owner = await ObjectAccess.RequireCreateAsync(
            context, SecurableTarget.Account(context), CorePrivilege.CreateRole, "CREATE ROLE", cancellationToken);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        string name = statement.Name.Normalized;
        RoleRecord? existing = await context.Store.FindRoleAsync(context.AccountId, name, cancellationToken);
        if (existing is not null)
        {
            SqlError? refused = await CheckReplaceAsync(statement, existing, owner.Value, context, cancellationToken);
            if (refused is not null || statement.IfNotExists)
            {
                return refused is null ? context.Status(StatusMessages.AlreadyExists(name)) : refused;
            }
        }

        CreateMode mode = statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists;
        NewRole role = new(context.AccountId, name, owner.Value.Id, statement.Comment);
        CreateResult<RoleRecord> created = await context.Store.CreateRoleAsync(role, mode, cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => context.Status(StatusMessages.Created(ObjectKind.Role, name)),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(name)),
            CreateStatus.AlreadyExists or CreateStatus.Conflict => SqlErrors.Exists(name),
            CreateStatus.Protected => SqlErrors.SystemRole(name),
            _ => SecurityText.NotFound(ObjectKind.Role, SecurityText.Part(owner.Value.Name)),
        };
    }

    /// <summary>
    /// An existing role: <c>IF NOT EXISTS</c> is fine and plain CREATE is 002002; OR REPLACE needs its
    /// OWNERSHIP and is refused for a system role or the primary role (which would own the new one).
    /// </summary>
    private static async Task<SqlError?> CheckReplaceAsync(
        CreateRole statement, RoleRecord existing, RoleNode primary, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.IfNotExists)
        {
            return null;
        }

        if (!statement.OrReplace)
        {
            return SqlErrors.Exists(existing.Name);
        }

        if (existing.IsSystem)
        {
            return SqlErrors.SystemRole(existing.Name);
        }

        ObjectAccess access = await ObjectAccess.OfAsync(context, SecurableObject.Role(existing.Id), cancellationToken);
        if (!access.Owns)
        {
            return SecurityText.NotAllowed(ObjectKind.Role, SecurityText.Part(existing.Name));
        }

        return existing.Id == primary.Id ? SqlErrors.CurrentRoleDrop(existing.Name) : null;
    }

    /// <summary><c>DROP ROLE [IF EXISTS] &lt;name&gt;</c></summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Name.Normalized;
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> found =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.Role, statement.Name, "DROP ROLE", cancellationToken);
        if (!found.IsSuccess)
        {
            return statement.IfExists ? context.Status(StatusMessages.AlreadyDropped(name)) : found.Error;
        }

        SqlResult<RoleNode> primary = await ObjectAccess.RequirePrimaryAsync(context, "DROP ROLE", cancellationToken);
        if (!primary.IsSuccess)
        {
            return primary.Error;
        }

        SqlError? refused = await IsSystemRoleAsync(context, name, cancellationToken) ? SqlErrors.SystemRole(name)
            : !found.Value.Access.Owns ? SecurityText.NotAllowed(ObjectKind.Role, found.Value.Target.Name)
            : primary.Value.Id == found.Value.Target.Id ? SqlErrors.CurrentRoleDrop(name)
            : null;
        if (refused is not null)
        {
            return refused;
        }

        DropStatus status = await context.Store.DropRoleAsync(context.AccountId, found.Value.Target.Id, primary.Value.Id, cancellationToken);
        return status switch
        {
            DropStatus.Dropped => context.Status(StatusMessages.Dropped(name)),
            DropStatus.Protected => SqlErrors.SystemRole(name),
            DropStatus.InUse => SqlErrors.CurrentRoleDrop(name),
            _ => SecurityText.NotFound(ObjectKind.Role, found.Value.Target.Name),
        };
    }

    private static async Task<bool> IsSystemRoleAsync(StatementContext context, string name, CancellationToken cancellationToken) =>
        (await context.Store.FindRoleAsync(context.AccountId, name, cancellationToken))?.IsSystem == true;

    /// <summary>
    /// <c>SHOW ROLES [LIKE '&lt;pattern&gt;']</c>: the roles the session holds (with those below them), the
    /// roles it owns, or every role with MANAGE GRANTS. <c>is_default</c>, <c>is_current</c> and
    /// <c>is_inherited</c> (below the primary role) are <c>Y</c>/<c>N</c> for the session's user.
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(ShowObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.Role, cancellationToken);
        UserRecord? user = await context.Store.FindUserByIdAsync(context.AccountId, context.Session.UserId, cancellationToken);
        IReadOnlyList<RoleRecord> all = await context.Store.ListRolesAsync(context.AccountId, cancellationToken);
        List<IReadOnlyList<string?>> rows =
        [
            .. all
                .Where(role => (roles.Effective.Contains(role.Id) || visible.CanSee(role.Id)) && SqlFormat.Like(role.Name, statement.Like))
                .Select(role => Row(role, roles, user?.DefaultRole)),
        ];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    private static string?[] Row(RoleRecord role, SessionRoles roles, string? defaultRole) =>
    [
        SqlFormat.Timestamp(role.CreatedOn),
        role.Name,
        YesNo(role.Name == defaultRole),
        YesNo(roles.Primary?.Id == role.Id),
        YesNo(roles.Primary is { } primary && primary.Id != role.Id && roles.ForCreate.Contains(role.Id)),
        SqlFormat.Number(role.GrantedToRoles),
        SqlFormat.Number(role.GrantedRoles),
        role.Owner ?? "",
        role.Comment,
    ];

    private static string YesNo(bool value) => value ? "Y" : "N";
}
