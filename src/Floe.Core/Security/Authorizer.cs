using Floe.Core.Metadata.ControlPlane;

namespace Floe.Core.Security;

/// <summary>
/// Snowflake's access-control rules over the store (docs/design/authorization.md): which roles a
/// request acts with, what they hold, what they may see, grant and revoke, and what the registry lets
/// them do. Pure logic; every answer costs one or two store queries.
/// </summary>
public sealed partial class Authorizer(IAuthorizationStore store)
{
    /// <summary>
    /// The role sets of a SQL session (see <see cref="SessionRoles"/>); <c>null</c> when its user no
    /// longer exists. One store query.
    /// </summary>
    public async ValueTask<SessionRoles?> ResolveSessionAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        UserRoleGraph? graph = await store.LoadUserRoleGraphAsync(session.AccountId, session.UserId, cancellationToken);
        if (graph is null)
        {
            return null;
        }

        // The graph holds only the roles the user can act with, so a role missing from it is not (or no longer) granted.
        // A restricted session acts within its restriction role's hierarchy only: a
        // primary role outside it is not the session's, and ALL secondary roles means all roles inside it.
        RoleSet? allowed = session.RoleRestriction is null ? null
            : RoleSet.Below(graph, graph.FindRole(session.RoleRestriction) is { } restriction ? [restriction.Id] : []);
        RoleNode? primary = session.Role is null ? null : graph.FindRole(session.Role);
        if (primary is not null && allowed is not null && !allowed.Contains(primary.Id))
        {
            primary = null;
        }

        long[] primaryRoots = primary is null ? [] : [primary.Id];
        IEnumerable<long> secondaryRoots = allowed is null ? graph.DirectRoleIds : allowed.Ids;
        IEnumerable<long> effectiveRoots = session.SecondaryRoles == SecondaryRoles.All ? primaryRoots.Concat(secondaryRoots) : primaryRoots;
        return new SessionRoles(
            primary,
            Effective: RoleSet.Below(graph, effectiveRoots),
            ForCreate: RoleSet.Below(graph, primaryRoots),
            graph.UserType,
            graph.Disabled);
    }

    /// <summary>What <paramref name="roles"/> hold on <paramref name="targets"/>: one store query for several checks.</summary>
    public async ValueTask<PrivilegeMap> GetPrivilegesAsync(RoleSet roles, IReadOnlyCollection<SecurableObject> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        IReadOnlyList<HeldPrivilege> held = await store.ListHeldPrivilegesAsync(roles.AccountId, roles.Ids, targets, cancellationToken);
        return new PrivilegeMap(held);
    }

    /// <summary>Whether the roles hold one of <paramref name="anyOf"/> on the object, OWNERSHIP implying all.</summary>
    public async ValueTask<bool> HasPrivilegeAsync(RoleSet roles, SecurableObject target, IReadOnlyCollection<Privilege> anyOf, CancellationToken cancellationToken)
    {
        PrivilegeMap held = await GetPrivilegesAsync(roles, [target], cancellationToken);
        return held.HasAny(target, anyOf);
    }

    /// <summary>
    /// The SHOW rule: a role set sees an object when it holds any privilege on it;
    /// MANAGE GRANTS on the account sees every object.
    /// </summary>
    public async ValueTask<bool> CanSeeAsync(RoleSet roles, SecurableObject target, CancellationToken cancellationToken)
    {
        SecurableObject account = SecurableObject.Account(roles.AccountId);
        PrivilegeMap held = await GetPrivilegesAsync(roles, [target, account], cancellationToken);
        return held.HoldsAny(target) || held.Has(account, Privilege.ManageGrants);
    }

    /// <summary>Which objects of <paramref name="type"/> the roles see (for SHOW over many rows): one store query.</summary>
    public async ValueTask<Visibility> GetVisibilityAsync(RoleSet roles, SecurableType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        IReadOnlyList<HeldPrivilege> held = await store.ListHeldPrivilegesOfTypesAsync(
            roles.AccountId, roles.Ids, [type, SecurableType.Account], cancellationToken);
        bool managesGrants = held.Any(h => h.Object == SecurableObject.Account(roles.AccountId) && h.Privilege == Privilege.ManageGrants);
        HashSet<long> ids = [.. held.Where(h => h.Object.Type == type).Select(h => h.Object.Id)];
        return new Visibility(managesGrants, ids);
    }

    /// <summary>
    /// Whether the roles may GRANT <paramref name="privilege"/> on the object (or, for OWNERSHIP, transfer
    /// it): MANAGE GRANTS on the account, OWNERSHIP of the object, or the privilege WITH GRANT OPTION.
    /// </summary>
    public async ValueTask<bool> CanGrantAsync(RoleSet roles, SecurableObject target, Privilege privilege, CancellationToken cancellationToken)
    {
        SecurableObject account = SecurableObject.Account(roles.AccountId);
        PrivilegeMap held = await GetPrivilegesAsync(roles, [target, account], cancellationToken);
        return held.Has(account, Privilege.ManageGrants)
            || held.Owns(target)
            || (privilege != Privilege.Ownership && held.CanPassOn(target, privilege));
    }

    /// <summary>
    /// Whether the roles may REVOKE an existing grant: MANAGE GRANTS, OWNERSHIP of the object, or being
    /// the role that granted it.
    /// </summary>
    public async ValueTask<bool> CanRevokeAsync(RoleSet roles, GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.GrantedByRoleId is long grantor && roles.Contains(grantor))
        {
            return true;
        }

        SecurableObject account = SecurableObject.Account(roles.AccountId);
        PrivilegeMap held = await GetPrivilegesAsync(roles, [grant.Object, account], cancellationToken);
        return held.Has(account, Privilege.ManageGrants) || held.Owns(grant.Object);
    }

    /// <summary>Whether the roles may GRANT or REVOKE the role <paramref name="roleId"/>: they own it, or hold MANAGE GRANTS.</summary>
    public ValueTask<bool> CanGrantRoleAsync(RoleSet roles, long roleId, CancellationToken cancellationToken) =>
        CanGrantAsync(roles, SecurableObject.Role(roleId), Privilege.Ownership, cancellationToken);
}
