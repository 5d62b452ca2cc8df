using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Future grants on image repositories: <c>GRANT | REVOKE ... ON FUTURE IMAGE REPOSITORIES
/// IN SCHEMA</c>, <c>GRANT OWNERSHIP ON FUTURE ...</c> (reached through <see cref="GrantArea"/>) and
/// <c>SHOW FUTURE GRANTS IN SCHEMA</c>. Every repository created in the schema afterwards receives them.
/// Defining them needs MANAGE GRANTS on the account or OWNERSHIP of the schema.
/// </summary>
internal sealed class FutureGrantArea : IStatementArea
{
    /// <summary>Snowflake's columns for SHOW FUTURE GRANTS: <c>grant_on</c> and <c>grant_to</c>, no <c>granted_by</c>.</summary>
    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Timestamp("created_on"), SqlColumn.Text("privilege"), SqlColumn.Text("grant_on"), SqlColumn.Text("name"),
        SqlColumn.Text("grant_to"), SqlColumn.Text("grantee_name"), SqlColumn.Boolean("grant_option"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<ShowFutureGrants>(ShowAsync);
    }

    public static async Task<SqlResult<StatementOutcome>> GrantAsync(
        GrantPrivileges statement, FutureImageRepositories scope, StatementContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        IReadOnlyList<CorePrivilege> privileges = SecurableKinds.Expand(statement.Privileges, SecurableType.ImageRepository, organizationAccount: true);
        return await GrantFutureAsync(context, scope, statement.Role, privileges, statement.WithGrantOption, cancellationToken);
    }

    /// <summary>A future OWNERSHIP: the schema's new repositories are owned by the role, whoever creates them.</summary>
    public static async Task<SqlResult<StatementOutcome>> GrantOwnershipAsync(
        GrantOwnership statement, FutureImageRepositories scope, StatementContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return await GrantFutureAsync(context, scope, statement.Role, [CorePrivilege.Ownership], withGrantOption: false, cancellationToken);
    }

    public static async Task<SqlResult<StatementOutcome>> RevokeAsync(
        RevokePrivileges statement, FutureImageRepositories scope, StatementContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        SqlResult<(SecurableTarget Schema, RoleRecord Grantee)> resolved = await AuthorizeAsync(context, scope, statement.Role, "REVOKE", cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        IReadOnlyList<CorePrivilege> privileges = SecurableKinds.Expand(statement.Privileges, SecurableType.ImageRepository, organizationAccount: true);
        (SecurableTarget schema, RoleRecord grantee) = resolved.Value;
        await context.Store.RevokeFuturePrivilegesAsync(
            context.AccountId, schema.Id, SecurableType.ImageRepository, privileges, grantee.Id, statement.GrantOptionFor, cancellationToken);
        return context.Status(StatusMessages.Executed);
    }

    private static async Task<SqlResult<StatementOutcome>> GrantFutureAsync(
        StatementContext context, FutureImageRepositories scope, Identifier role, IReadOnlyList<CorePrivilege> privileges, bool withGrantOption,
        CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Schema, RoleRecord Grantee)> resolved = await AuthorizeAsync(context, scope, role, "GRANT", cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        (SecurableTarget schema, RoleRecord grantee) = resolved.Value;
        long? grantor = (await context.GetRolesAsync(cancellationToken)).Primary?.Id;
        FuturePrivilegeGrant grant = new(
            context.AccountId, schema.Id, SecurableType.ImageRepository, privileges, grantee.Id, withGrantOption, grantor);
        GrantStatus status = await context.Store.GrantFuturePrivilegesAsync(grant, cancellationToken);
        return status == GrantStatus.Granted
            ? context.Status(StatusMessages.Executed)
            : SecurityText.NotFound(ObjectKind.Schema, schema.Name);
    }

    /// <summary>
    /// The schema (visible; the session holds MANAGE GRANTS, or owns it and may use its database) and the
    /// grantee role (existing).
    /// </summary>
    private static async Task<SqlResult<(SecurableTarget Schema, RoleRecord Grantee)>> AuthorizeAsync(
        StatementContext context, FutureImageRepositories scope, Identifier role, string statement, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> schema =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.Schema, scope.Schema, statement, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        SqlError? refused = schema.Value.Access.ManagesGrants
            ? null
            : await ObjectAccess.RequireUsageAsync(context, schema.Value.Target, includeTarget: false, cancellationToken)
                ?? (schema.Value.Access.Owns ? null : SecurityText.NotAllowed(ObjectKind.Schema, schema.Value.Target.Name));
        if (refused is not null)
        {
            return refused;
        }

        RoleRecord? grantee = await context.Store.FindRoleAsync(context.AccountId, role.Normalized, cancellationToken);
        return grantee is null
            ? SecurityText.NotFound(ObjectKind.Role, SecurityText.Part(role.Normalized))
            : (schema.Value.Target, grantee);
    }

    /// <summary><c>SHOW FUTURE GRANTS IN SCHEMA &lt;s&gt;</c>: names like <c>DB.S.&lt;IMAGE REPOSITORY&gt;</c>, as Snowflake prints them.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(ShowFutureGrants statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> schema =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.Schema, statement.Schema, "SHOW FUTURE GRANTS", cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        IReadOnlyList<FutureGrantRecord> grants = await context.Store.ListFutureGrantsAsync(context.AccountId, schema.Value.Target.Id, cancellationToken);
        List<IReadOnlyList<string?>> rows = [.. grants.Select(Row)];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    private static string?[] Row(FutureGrantRecord grant) =>
    [
        SqlFormat.Timestamp(grant.CreatedOn),
        grant.Privilege.ToSql(),
        grant.ObjectType.ToGrantedOn(),
        SecurityText.Qualified(grant.Schema) + ".<" + grant.ObjectType.ToSql() + ">",
        "ROLE",
        grant.GranteeRole,
        SqlFormat.Boolean(grant.GrantOption),
    ];
}
