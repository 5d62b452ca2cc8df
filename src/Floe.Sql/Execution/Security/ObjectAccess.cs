using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Errors;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// What the session's roles (primary plus secondary) may do with one object, from one
/// store query: whether they see it (any privilege on it, MANAGE GRANTS, a role they hold, their own
/// user, the account itself), own it, or manage grants; and what they hold on it.
/// </summary>
internal sealed record ObjectAccess(SecurableObject Target, bool Visible, bool Owns, bool ManagesGrants, PrivilegeMap Held)
{
    /// <summary>GRANT OWNERSHIP, GRANT/REVOKE ROLE, DROP and ALTER: the owner or a MANAGE GRANTS holder.</summary>
    public bool OwnsOrManagesGrants => Owns || ManagesGrants;

    /// <summary>Whether <paramref name="privilege"/> may be granted on: owner, MANAGE GRANTS, or held WITH GRANT OPTION.</summary>
    public bool CanGrant(CorePrivilege privilege) => OwnsOrManagesGrants || Held.CanPassOn(Target, privilege);

    public static async ValueTask<ObjectAccess> OfAsync(StatementContext context, SecurableObject target, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        SecurableObject account = SecurableObject.Account(context.AccountId);
        PrivilegeMap held = await context.Authorizer.GetPrivilegesAsync(roles.Effective, [target, account], cancellationToken);
        bool managesGrants = held.Has(account, CorePrivilege.ManageGrants);
        bool visible = managesGrants || held.HoldsAny(target) || target.Type switch
        {
            SecurableType.Account => true,
            SecurableType.Role => roles.Effective.Contains(target.Id),
            SecurableType.User => target.Id == context.Session.UserId,
            _ => false,
        };
        return new ObjectAccess(target, visible, held.Owns(target), managesGrants, held);
    }

    /// <summary>
    /// The primary role, which owns what a CREATE makes, when the primary role or a role below it holds
    /// <paramref name="privilege"/> on <paramref name="container"/> (Snowflake's CREATE rule).
    /// </summary>
    public static async ValueTask<SqlResult<RoleNode>> RequireCreateAsync(
        StatementContext context, SecurableTarget container, CorePrivilege privilege, string statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        if (roles.Primary is null)
        {
            return SecurityText.NoCurrentRole(statement);
        }

        return await context.Authorizer.HasPrivilegeAsync(roles.ForCreate, container.Object, [privilege], cancellationToken)
            ? roles.Primary
            : SecurityText.NotAllowed(container.Kind, container.Name);
    }

    /// <summary>
    /// Snowflake's container rule: operating on an object in a schema needs USAGE on its database and
    /// schema (OWNERSHIP of a container implies it), from any of the session's roles. A container the
    /// roles may not use answers like a missing one: <c>Database 'D' does not exist or not authorized.</c>
    /// With <paramref name="includeTarget"/>, USAGE on the target itself is needed too (a schema one creates in).
    /// </summary>
    public static async ValueTask<SqlError?> RequireUsageAsync(
        StatementContext context, SecurableTarget target, bool includeTarget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        SecurableTarget[] needed = includeTarget ? [.. target.Containers, target] : [.. target.Containers];
        if (needed.Length == 0)
        {
            return null;
        }

        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        PrivilegeMap held = await context.Authorizer.GetPrivilegesAsync(roles.Effective, [.. needed.Select(c => c.Object)], cancellationToken);
        SecurableTarget? denied = needed.FirstOrDefault(container => !held.Has(container.Object, CorePrivilege.Usage));
        return denied is null ? null : SecurityText.NotFound(denied.Kind, denied.Name);
    }

    /// <summary>The primary role, for statements that record who did them (GRANT's grantor, DROP ROLE's heir).</summary>
    public static async ValueTask<SqlResult<RoleNode>> RequirePrimaryAsync(StatementContext context, string statement, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return roles.Primary is { } primary ? primary : SecurityText.NoCurrentRole(statement);
    }
}
