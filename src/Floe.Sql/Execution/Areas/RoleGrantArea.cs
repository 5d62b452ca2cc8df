using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using AstGranteeKind = Floe.Sql.Ast.GranteeKind;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>GRANT ROLE &lt;r&gt; TO {USER | ROLE}</c> and <c>REVOKE ROLE &lt;r&gt; FROM {USER | ROLE}</c>
///: the session's roles must own the role or hold MANAGE GRANTS; a grant that
/// would make the hierarchy a cycle is refused.
/// </summary>
internal sealed class RoleGrantArea : IStatementArea
{
    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<GrantRole>(GrantAsync).On<RevokeRole>(RevokeAsync);
    }

    private static async Task<SqlResult<StatementOutcome>> GrantAsync(GrantRole statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Role, long GranteeId)> found = await AuthorizeAsync(context, statement.Role, statement.To, "GRANT ROLE", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        (SecurableTarget role, long granteeId) = found.Value;
        long? grantor = (await context.GetRolesAsync(cancellationToken)).Primary?.Id;
        RoleGrantStatus status = statement.To.Kind == AstGranteeKind.User
            ? await context.Store.GrantRoleToUserAsync(context.AccountId, role.Id, granteeId, grantor, cancellationToken)
            : await context.Store.GrantRoleToRoleAsync(context.AccountId, role.Id, granteeId, grantor, cancellationToken);
        return status switch
        {
            RoleGrantStatus.Granted or RoleGrantStatus.AlreadyGranted => context.Status(StatusMessages.Executed),
            RoleGrantStatus.Cycle => SqlErrors.RoleCycle(role.Name, SecurityText.Part(statement.To.Name.Normalized)),
            _ => SecurityText.NotFound(ObjectKind.Role, role.Name),
        };
    }

    /// <summary>Revoking a role that was not granted changes nothing and succeeds, as in Snowflake.</summary>
    private static async Task<SqlResult<StatementOutcome>> RevokeAsync(RevokeRole statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Role, long GranteeId)> found = await AuthorizeAsync(context, statement.Role, statement.From, "REVOKE ROLE", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        (SecurableTarget role, long granteeId) = found.Value;
        _ = statement.From.Kind == AstGranteeKind.User
            ? await context.Store.RevokeRoleFromUserAsync(context.AccountId, role.Id, granteeId, cancellationToken)
            : await context.Store.RevokeRoleFromRoleAsync(context.AccountId, role.Id, granteeId, cancellationToken);
        return context.Status(StatusMessages.Executed);
    }

    /// <summary>
    /// The role (visible to the session, which must own it or hold MANAGE GRANTS) and the id of the user
    /// or role it is granted to or revoked from (which must exist).
    /// </summary>
    private static async Task<SqlResult<(SecurableTarget Role, long GranteeId)>> AuthorizeAsync(
        StatementContext context, Identifier roleName, Grantee grantee, string statement, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> role =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.Role, Ast.ObjectName.Of(roleName), statement, cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error;
        }

        if (!role.Value.Access.OwnsOrManagesGrants)
        {
            return SecurityText.NotAllowed(ObjectKind.Role, role.Value.Target.Name);
        }

        ObjectKind granteeKind = grantee.Kind == AstGranteeKind.User ? ObjectKind.User : ObjectKind.Role;
        SqlResult<SecurableTarget> target =
            await SecurableTarget.FindAsync(context, granteeKind, Ast.ObjectName.Of(grantee.Name), statement, cancellationToken);
        return target.IsSuccess ? (role.Value.Target, target.Value.Id) : target.Error;
    }
}
