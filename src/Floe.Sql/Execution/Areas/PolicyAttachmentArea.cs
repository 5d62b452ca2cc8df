using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>ALTER ACCOUNT SET | UNSET AUTHENTICATION POLICY</c> and <c>ALTER USER &lt;u&gt; SET | UNSET
/// AUTHENTICATION POLICY</c>. Floe has no APPLY AUTHENTICATION POLICY privilege: the
/// account's policy is ACCOUNTADMIN's to set, a user's is for ACCOUNTADMIN or the user's owner. The
/// policy must be visible to the session, with USAGE on its database and schema. Setting a policy
/// replaces the one in place.
/// </summary>
internal sealed class PolicyAttachmentArea : IStatementArea
{
    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<SetAccountAuthenticationPolicy>(SetAccountAsync)
            .On<UnsetAccountAuthenticationPolicy>(UnsetAccountAsync)
            .On<SetUserAuthenticationPolicy>(SetUserAsync)
            .On<UnsetUserAuthenticationPolicy>(UnsetUserAsync);
    }

    private static async Task<SqlResult<StatementOutcome>> SetAccountAsync(
        SetAccountAuthenticationPolicy statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlError? refused = await RequireAccountAdminAsync(context, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        SqlResult<SecurableTarget> policy = await FindPolicyAsync(context, statement.Policy, "ALTER ACCOUNT", cancellationToken);
        if (!policy.IsSuccess)
        {
            return policy.Error;
        }

        return await context.Store.SetAccountAuthenticationPolicyAsync(context.AccountId, policy.Value.Id, cancellationToken)
            ? Done(context)
            : SecurityText.NotFound(ObjectKind.AuthenticationPolicy, policy.Value.Name);
    }

    private static async Task<SqlResult<StatementOutcome>> UnsetAccountAsync(
        UnsetAccountAuthenticationPolicy statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlError? refused = await RequireAccountAdminAsync(context, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await context.Store.SetAccountAuthenticationPolicyAsync(context.AccountId, null, cancellationToken);
        return Done(context);
    }

    private static async Task<SqlResult<StatementOutcome>> SetUserAsync(
        SetUserAuthenticationPolicy statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser?> user = await FindManagedUserAsync(context, statement.User, cancellationToken);
        if (!user.IsSuccess || user.Value is null)
        {
            return user.IsSuccess ? Missing(statement.IfExists, statement.User, context) : user.Error;
        }

        SqlResult<SecurableTarget> policy = await FindPolicyAsync(context, statement.Policy, "ALTER USER", cancellationToken);
        if (!policy.IsSuccess)
        {
            return policy.Error;
        }

        AlterStatus status = await context.Store.SetUserAuthenticationPolicyAsync(context.AccountId, user.Value.User.Id, policy.Value.Id, cancellationToken);
        return status == AlterStatus.Altered ? Done(context) : SecurityText.NotFound(ObjectKind.AuthenticationPolicy, policy.Value.Name);
    }

    private static async Task<SqlResult<StatementOutcome>> UnsetUserAsync(
        UnsetUserAuthenticationPolicy statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser?> user = await FindManagedUserAsync(context, statement.User, cancellationToken);
        if (!user.IsSuccess || user.Value is null)
        {
            return user.IsSuccess ? Missing(statement.IfExists, statement.User, context) : user.Error;
        }

        await context.Store.SetUserAuthenticationPolicyAsync(context.AccountId, user.Value.User.Id, null, cancellationToken);
        return Done(context);
    }

    /// <summary>The user (<c>null</c> when missing or invisible) when the session is ACCOUNTADMIN or owns it; 003001 otherwise.</summary>
    private static async Task<SqlResult<VisibleUser?>> FindManagedUserAsync(StatementContext context, Identifier name, CancellationToken cancellationToken)
    {
        VisibleUser? user = await VisibleUser.FindAsync(context, name.Normalized, cancellationToken);
        if (user is null || user.Owns || await IsAccountAdminAsync(context, cancellationToken))
        {
            return SqlResult<VisibleUser?>.Ok(user);
        }

        return SecurityText.NotAllowed(ObjectKind.User, SecurityText.Part(user.User.Name));
    }

    private static async Task<SqlResult<SecurableTarget>> FindPolicyAsync(
        StatementContext context, Ast.ObjectName name, string statement, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> policy =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.AuthenticationPolicy, name, statement, cancellationToken);
        if (!policy.IsSuccess)
        {
            return policy.Error;
        }

        SqlError? unusable = await ObjectAccess.RequireUsageAsync(context, policy.Value.Target, includeTarget: false, cancellationToken);
        return unusable is null ? policy.Value.Target : unusable;
    }

    private static async Task<SqlError?> RequireAccountAdminAsync(StatementContext context, CancellationToken cancellationToken) =>
        await IsAccountAdminAsync(context, cancellationToken)
            ? null
            : SecurityText.NotAllowed(ObjectKind.Account, SecurityText.Part(context.Session.AccountName));

    private static async Task<bool> IsAccountAdminAsync(StatementContext context, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return roles.Effective.Contains(SystemRoles.AccountAdmin);
    }

    private static SqlResult<StatementOutcome> Missing(bool ifExists, Identifier name, StatementContext context) =>
        ifExists ? Done(context) : SecurityText.NotFound(ObjectKind.User, SecurityText.Part(name.Normalized));

    private static SqlResult<StatementOutcome> Done(StatementContext context) => context.Status(StatusMessages.Executed);
}
