using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using CoreCurrentGrants = Floe.Core.Metadata.ControlPlane.CurrentGrants;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>GRANT &lt;privileges&gt; ON &lt;object&gt; TO ROLE</c>, <c>REVOKE [GRANT OPTION FOR] ... FROM ROLE</c> and
/// <c>GRANT OWNERSHIP</c>. Granting needs MANAGE GRANTS, OWNERSHIP of the object or
/// the privilege WITH GRANT OPTION; revoking needs MANAGE GRANTS, OWNERSHIP, or to be the grantor;
/// transferring ownership needs MANAGE GRANTS or OWNERSHIP. The grantor recorded is the primary role.
/// Future scopes go to <see cref="FutureGrantArea"/>.
/// </summary>
internal sealed class GrantArea : IStatementArea
{
    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<GrantPrivileges>(GrantAsync).On<RevokePrivileges>(RevokeAsync).On<GrantOwnership>(GrantOwnershipAsync);
    }

    private static async Task<SqlResult<StatementOutcome>> GrantAsync(GrantPrivileges statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.On is FutureImageRepositories future)
        {
            return await FutureGrantArea.GrantAsync(statement, future, context, cancellationToken);
        }

        SqlResult<Resolved> resolved = await ResolveAsync(context, (Securable)statement.On, statement.Role, "GRANT", cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        (SecurableTarget target, ObjectAccess access, RoleRecord grantee) = resolved.Value;
        SqlResult<IReadOnlyList<CorePrivilege>> privileges = await ExpandAsync(context, statement.Privileges, target, cancellationToken);
        if (!privileges.IsSuccess)
        {
            return privileges.Error;
        }

        // ALL grants what the session may pass on (Snowflake); a named privilege it may not pass on is refused.
        IReadOnlyList<CorePrivilege> granted = statement.Privileges.IsAll ? [.. privileges.Value.Where(access.CanGrant)] : privileges.Value;
        if (granted.Count == 0 || !granted.All(access.CanGrant))
        {
            return SecurityText.NotAllowed(target.Kind, target.Name);
        }

        long? grantor = (await context.GetRolesAsync(cancellationToken)).Primary?.Id;
        PrivilegeGrant grant = new(context.AccountId, target.Object, granted, grantee.Id, statement.WithGrantOption, grantor);
        GrantStatus status = await context.Store.GrantPrivilegesAsync(grant, cancellationToken);
        return status switch
        {
            GrantStatus.Granted => context.Status(StatusMessages.Executed),
            GrantStatus.NotApplicable => SqlErrors.UnsupportedValue(
                string.Join(", ", granted.Select(p => p.ToSql())), "PRIVILEGE", $"not a privilege of {target.Kind.ToSql()}"),
            _ => SecurityText.NotFound(target.Kind, target.Name),
        };
    }

    /// <summary>Revoking what the role does not hold changes nothing and succeeds, as in Snowflake.</summary>
    private static async Task<SqlResult<StatementOutcome>> RevokeAsync(RevokePrivileges statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.On is FutureImageRepositories future)
        {
            return await FutureGrantArea.RevokeAsync(statement, future, context, cancellationToken);
        }

        SqlResult<Resolved> resolved = await ResolveAsync(context, (Securable)statement.On, statement.Role, "REVOKE", cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        (SecurableTarget target, ObjectAccess access, RoleRecord grantee) = resolved.Value;
        IReadOnlyList<CorePrivilege> privileges = statement.Privileges.IsAll
            ? [.. Core.Metadata.ControlPlane.Privileges.ApplicableTo(target.Object.Type).Where(p => p != CorePrivilege.Ownership)]
            : SecurableKinds.Expand(statement.Privileges, target.Object.Type, organizationAccount: true);
        IReadOnlyList<GrantRecord> held = await context.Store.ListGrantsOnAsync(context.AccountId, target.Object, cancellationToken);
        GrantRecord[] revoked = [.. held.Where(grant => grant.GranteeRoleId == grantee.Id && privileges.Contains(grant.Privilege))];
        bool allowed = revoked.Length == 0 ? access.OwnsOrManagesGrants : await CanRevokeAllAsync(context, revoked, cancellationToken);
        if (!allowed)
        {
            return SecurityText.NotAllowed(target.Kind, target.Name);
        }

        await context.Store.RevokePrivilegesAsync(
            context.AccountId, target.Object, privileges, grantee.Id, statement.GrantOptionFor, cancellationToken);
        return context.Status(StatusMessages.Executed);
    }

    private static async Task<bool> CanRevokeAllAsync(StatementContext context, IEnumerable<GrantRecord> grants, CancellationToken cancellationToken)
    {
        var roles = await context.GetRolesAsync(cancellationToken);
        foreach (GrantRecord grant in grants)
        {
            if (!await context.Authorizer.CanRevokeAsync(roles.Effective, grant, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>GRANT OWNERSHIP ON &lt;object&gt; TO ROLE &lt;r&gt; [COPY | REVOKE CURRENT GRANTS]</c></summary>
    private static async Task<SqlResult<StatementOutcome>> GrantOwnershipAsync(GrantOwnership statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.On is FutureImageRepositories future)
        {
            return await FutureGrantArea.GrantOwnershipAsync(statement, future, context, cancellationToken);
        }

        SqlResult<Resolved> resolved = await ResolveAsync(context, (Securable)statement.On, statement.Role, "GRANT OWNERSHIP", cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        (SecurableTarget target, ObjectAccess access, RoleRecord owner) = resolved.Value;
        if (!access.OwnsOrManagesGrants)
        {
            return SecurityText.NotAllowed(target.Kind, target.Name);
        }

        CoreCurrentGrants current = statement.CurrentGrants switch
        {
            Ast.CurrentGrants.Copy => CoreCurrentGrants.Copy,
            Ast.CurrentGrants.Revoke => CoreCurrentGrants.Revoke,
            _ => CoreCurrentGrants.Fail,
        };
        long? grantor = (await context.GetRolesAsync(cancellationToken)).Primary?.Id;
        TransferStatus status = await context.Store.TransferOwnershipAsync(context.AccountId, target.Object, owner.Id, grantor, current, cancellationToken);
        return status switch
        {
            TransferStatus.Transferred => context.Status(StatusMessages.Executed),
            TransferStatus.DependentGrants => await DependentGrantAsync(context, target, cancellationToken),
            _ => SecurityText.NotFound(target.Kind, target.Name),
        };
    }

    /// <summary>Snowflake's dependent-grant error, naming one of the grants that stand in the way.</summary>
    private static async Task<SqlError> DependentGrantAsync(StatementContext context, SecurableTarget target, CancellationToken cancellationToken)
    {
        IReadOnlyList<GrantRecord> grants = await context.Store.ListGrantsOnAsync(context.AccountId, target.Object, cancellationToken);
        GrantRecord? first = grants.FirstOrDefault(grant => grant.Privilege != CorePrivilege.Ownership);
        return SqlErrors.DependentGrant(first?.Privilege.ToSql() ?? "", target.Name, first?.GranteeRole ?? "");
    }

    /// <summary>
    /// The object (existing, visible, and with USAGE on its database and schema unless the session holds
    /// MANAGE GRANTS) and the grantee role (existing).
    /// </summary>
    private static async Task<SqlResult<Resolved>> ResolveAsync(
        StatementContext context, Securable on, Identifier role, string statement, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> target = await SecurableTarget.FindVisibleAsync(context, on, statement, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        SqlError? unusable = target.Value.Access.ManagesGrants
            ? null
            : await ObjectAccess.RequireUsageAsync(context, target.Value.Target, includeTarget: false, cancellationToken);
        if (unusable is not null)
        {
            return unusable;
        }

        RoleRecord? grantee = await context.Store.FindRoleAsync(context.AccountId, role.Normalized, cancellationToken);
        return grantee is null
            ? SecurityText.NotFound(ObjectKind.Role, SecurityText.Part(role.Normalized))
            : new Resolved(target.Value.Target, target.Value.Access, grantee);
    }

    /// <summary>The privileges named, with <c>ALL</c> expanded; CREATE ACCOUNT exists only on the organization's account.</summary>
    private static async Task<SqlResult<IReadOnlyList<CorePrivilege>>> ExpandAsync(
        StatementContext context, PrivilegeSet privileges, SecurableTarget target, CancellationToken cancellationToken)
    {
        bool organization = true;
        if (target.Object.Type == SecurableType.Account)
        {
            AccountRecord? account = await context.Store.FindAccountByIdAsync(context.AccountId, cancellationToken);
            organization = account?.IsOrganizationAccount == true;
        }

        IReadOnlyList<CorePrivilege> expanded = SecurableKinds.Expand(privileges, target.Object.Type, organization);
        return expanded.All(privilege => privilege.AppliesTo(target.Object.Type, organization))
            ? SqlResult<IReadOnlyList<CorePrivilege>>.Ok(expanded)
            : SqlErrors.UnsupportedValue("CREATE ACCOUNT", "PRIVILEGE", "CREATE ACCOUNT exists only on the organization's account");
    }

    private sealed record Resolved(SecurableTarget Target, ObjectAccess Access, RoleRecord Grantee);
}
